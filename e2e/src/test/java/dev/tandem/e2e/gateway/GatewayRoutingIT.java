package dev.tandem.e2e.gateway;

import dev.tandem.e2e.Suite;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Through the gateway of the running suite (port 8080) against the real services: every route × every role answers
 * as the service itself does (the gateway passes the caller's token on; each service checks roles), no token is a
 * 401 at the gateway, services that are not running are 503 problems, lead 360 marks their parts, and the merged
 * OpenAPI lists the running services' operations under /api.
 */
class GatewayRoutingIT {

    static final String GATEWAY = "http://127.0.0.1:8080";
    private static final List<String> ROLES = List.of("admin", "marketing", "sales", "tracker");
    private static String leadId;
    private static String otherRepsLead;

    private record Call(String method, String path, String body, String service) {
    }

    private static RequestSpecification at(String base, String role) {
        RequestSpecification spec = RestAssured.given().baseUri(base).contentType(ContentType.JSON);
        return role == null ? spec : spec.auth().oauth2(Suite.token(role, role + "-gw-e2e"));
    }

    @BeforeAll
    static void leads() {
        leadId = at(Suite.LEAD_SERVICE, "marketing").body(Map.of("email", "gw-" + UUID.randomUUID() + "@example.jp",
                "lastName", "佐藤", "company", "株式会社ゲートウェイ")).post("/leads").then().statusCode(201)
                .extract().path("id");
        otherRepsLead = at(Suite.LEAD_SERVICE, "marketing").body(Map.of("email", "gw-other-" + UUID.randomUUID()
                + "@example.jp", "lastName", "鈴木")).post("/leads").then().statusCode(201).extract().path("id");
        at(Suite.LEAD_SERVICE, "marketing").body(Map.of("ownerId", "someone-else"))
                .post("/leads/" + otherRepsLead + "/owner");
    }

    private static List<Call> calls() {
        String email = "gw-matrix-" + UUID.randomUUID() + "@example.jp";
        return List.of(
                new Call("GET", "/leads?size=5", null, Suite.LEAD_SERVICE),
                new Call("GET", "/leads/" + leadId, null, Suite.LEAD_SERVICE),
                new Call("GET", "/leads/" + leadId + "/timeline", null, Suite.LEAD_SERVICE),
                new Call("GET", "/leads/" + leadId + "/history", null, Suite.LEAD_SERVICE),
                new Call("GET", "/leads/" + otherRepsLead, null, Suite.LEAD_SERVICE),
                new Call("POST", "/leads", "{\"email\":\"" + email + "\"}", Suite.LEAD_SERVICE),
                new Call("POST", "/activities", "[{\"leadId\":\"" + leadId + "\",\"type\":\"page_view\","
                        + "\"occurredAt\":\"2026-01-01T00:00:00Z\"}]", Suite.LEAD_SERVICE),
                new Call("GET", "/models", null, Suite.SCORING_SERVICE),
                new Call("GET", "/scores/" + leadId, null, Suite.SCORING_SERVICE));
    }

    @Test
    void everyRouteAndRoleAnswersAsTheServiceItselfDoes() {
        List<String> mismatches = new ArrayList<>();
        for (Call call : calls()) {
            for (String role : ROLES) {
                int direct = send(at(call.service(), role), call).statusCode();
                // POST /leads creates: the second (gateway) call of the same email is a duplicate; compare classes.
                int through = send(at(GATEWAY, role), new Call(call.method(), "/api" + call.path(),
                        call.body() == null ? null : call.body().replace("gw-matrix-", "gw-matrix2-"), GATEWAY))
                        .statusCode();
                if (direct != through) {
                    mismatches.add(call.method() + " " + call.path() + " as " + role + ": direct " + direct
                            + ", through the gateway " + through);
                }
            }
            Response anonymous = send(at(GATEWAY, null), new Call(call.method(), "/api" + call.path(), call.body(),
                    GATEWAY));
            if (anonymous.statusCode() != 401 || !anonymous.contentType().startsWith("application/problem+json")) {
                mismatches.add(call.method() + " " + call.path() + " without a token: " + anonymous.statusCode());
            }
        }
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }

    @Test
    void aSalesRepReadingAnotherRepsLeadGets404ThroughTheGatewayToo() {
        at(GATEWAY, "sales").get("/api/leads/" + otherRepsLead).then().statusCode(404)
                .contentType("application/problem+json");
        at(GATEWAY, "sales").get("/api/leads/" + otherRepsLead + "/360").then().statusCode(404);
    }

    @Test
    void servicesThatAreNotRunningAre503ProblemsAndUnknownSegments404() {
        for (String path : List.of("/api/campaigns", "/api/queue", "/api/leads/" + leadId + "/feedback")) {
            Response answer = at(GATEWAY, "admin").get(path);
            if (answer.statusCode() != 503) {
                // The service is running in this suite: then it answers for itself, never a gateway 404.
                assertTrue(answer.statusCode() != 404 || !answer.asString().contains("no service answers"), path);
                continue;
            }
            answer.then().contentType("application/problem+json").body("upstream", notNullValue());
        }
        at(GATEWAY, "admin").get("/api/no-such-segment").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void lead360ReturnsTheLeadAndMarksWhatIsMissing() {
        Response answer = at(GATEWAY, "marketing").get("/api/leads/" + leadId + "/360");
        answer.then().statusCode(200).body("lead.status", equalTo("ok")).body("lead.data.lastName", equalTo("佐藤"))
                .body("timeline.status", equalTo("ok"));
        for (String part : List.of("scores", "enrollments", "feedback", "deals")) {
            String status = answer.path(part + ".status");
            assertTrue(List.of("ok", "unavailable", "forbidden").contains(status), part + ": " + status);
        }
    }

    @Test
    void answersCarryRateLimitAndSecurityHeaders() {
        at(GATEWAY, "marketing").get("/api/leads/" + leadId).then().statusCode(200)
                .header("RateLimit-Policy", containsString("\"user-marketing\""))
                .header("RateLimit", containsString(";r="))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Request-Id", notNullValue());
    }

    @Test
    void theMergedOpenApiListsTheRunningServicesUnderApi() {
        RestAssured.given().baseUri(GATEWAY).get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/leads/{id}'", notNullValue())
                .body("paths.'/api/activities'", notNullValue())
                .body("paths.'/api/models'", notNullValue())
                .body("paths.'/api/leads/{id}/360'", notNullValue())
                .body("externalDocs.url", equalTo("/asyncapi.yaml"));
        RestAssured.given().baseUri(GATEWAY).get("/q/swagger-ui/").then().statusCode(200);
    }

    private static Response send(RequestSpecification spec, Call call) {
        if (call.body() != null) {
            spec = spec.body(call.body());
        }
        return call.method().equals("GET") ? spec.get(call.path()) : spec.post(call.path());
    }
}
