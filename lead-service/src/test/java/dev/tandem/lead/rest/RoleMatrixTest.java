package dev.tandem.lead.rest;

import dev.tandem.lead.Api;
import dev.tandem.testing.TestJwt;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static dev.tandem.lead.Api.as;
import static dev.tandem.lead.Api.assertProblem;
import static dev.tandem.lead.Api.createLead;
import static dev.tandem.lead.Api.uniqueEmail;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every role against every endpoint; a sales rep's lead belongs to sales-1. */
@QuarkusTest
class RoleMatrixTest {

    private static final String ADMIN = TestJwt.ADMIN;
    private static final String MARKETING = TestJwt.MARKETING;
    private static final String SALES = TestJwt.SALES;
    private static final String TRACKER = TestJwt.TRACKER;

    /** An endpoint called on a fresh lead owned by sales-1; the function gets the request and the lead id. */
    private record Endpoint(String name, BiFunction<RequestSpecification, String, Response> call, int success,
                            Set<String> allowed) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static List<Endpoint> endpoints() {
        Set<String> writers = Set.of(ADMIN, MARKETING);
        Set<String> readers = Set.of(ADMIN, MARKETING, SALES);
        Set<String> ingest = Set.of(ADMIN, MARKETING, TRACKER);
        return List.of(
                new Endpoint("POST /leads", (r, id) -> r.body(Map.of("email", uniqueEmail("rm"))).post("/leads"), 201, writers),
                new Endpoint("GET /leads", (r, id) -> r.get("/leads"), 200, readers),
                new Endpoint("GET /leads/{id}", (r, id) -> r.get("/leads/" + id), 200, readers),
                new Endpoint("PATCH /leads/{id}", (r, id) -> r.body("{\"jobTitle\": \"CEO\"}").patch("/leads/" + id), 200, writers),
                new Endpoint("DELETE /leads/{id}", (r, id) -> r.delete("/leads/" + id), 204, Set.of(ADMIN)),
                new Endpoint("POST /leads/{id}/stage", (r, id) -> r.body(Map.of("stage", "mql")).post("/leads/" + id + "/stage"), 200, writers),
                new Endpoint("GET /leads/{id}/history", (r, id) -> r.get("/leads/" + id + "/history"), 200, readers),
                new Endpoint("PUT /leads/{id}/owner", (r, id) -> r.body(Map.of("ownerId", "sales-2")).put("/leads/" + id + "/owner"), 200, writers),
                new Endpoint("POST /leads/{id}/merge", (r, id) -> r.body(Map.of("duplicateId", createLead(uniqueEmail("rmdup"))))
                        .post("/leads/" + id + "/merge"), 200, writers),
                new Endpoint("GET /leads/{id}/timeline", (r, id) -> r.get("/leads/" + id + "/timeline"), 200, readers),
                new Endpoint("POST /activities", (r, id) -> r.body(Map.of("leadId", id, "type", "page_view")).post("/activities"), 202, ingest),
                new Endpoint("POST /identify", (r, id) -> r.body(Map.of("anonymousId", "anon-" + id,
                        "email", Api.as(ADMIN).get("/leads/" + id).path("email"))).post("/identify"), 200, ingest),
                new Endpoint("POST /leads/import", (r, id) -> r.contentType("text/csv").body("email\n" + uniqueEmail("rmcsv") + "\n")
                        .post("/leads/import"), 200, writers));
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (String role : List.of(ADMIN, MARKETING, SALES, TRACKER)) {
                cases.add(Arguments.of(endpoint, role));
            }
        }
        return cases.stream();
    }

    private static String leadOwnedBySales1() {
        String id = createLead(uniqueEmail("owned"));
        as(MARKETING).body(Map.of("ownerId", "sales-1")).put("/leads/" + id + "/owner").then().statusCode(200);
        return id;
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void roleGetsItsAnswer(Endpoint endpoint, String role) {
        String id = leadOwnedBySales1();
        Response response = endpoint.call().apply(as(role, role + "-1"), id);
        if (endpoint.allowed().contains(role)) {
            assertEquals(endpoint.success(), response.statusCode(), response.asString());
        } else {
            assertProblem(response.then(), 403);
        }
    }

    static Stream<Arguments> badTokens() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            cases.add(Arguments.of(endpoint, "none"));
            cases.add(Arguments.of(endpoint, "expired"));
            cases.add(Arguments.of(endpoint, "forged"));
            cases.add(Arguments.of(endpoint, "garbage"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} with {1} token")
    @MethodSource("badTokens")
    void missingExpiredOrForgedTokenIsUnauthorized(Endpoint endpoint, String token) {
        String id = leadOwnedBySales1();
        long before = Api.leadCount();
        RequestSpecification request = RestAssured.given().contentType(ContentType.JSON);
        switch (token) {
            case "expired" -> request.auth().oauth2(TestJwt.expired(ADMIN));
            case "forged" -> request.auth().oauth2(TestJwt.forged(ADMIN));
            case "garbage" -> request.auth().oauth2("not.a.jwt");
            default -> { }
        }
        assertProblem(endpoint.call().apply(request, id).then(), 401).header("WWW-Authenticate", equalTo("Bearer"));
        as(ADMIN).get("/leads/" + id).then().statusCode(200).body("ownerId", equalTo("sales-1"));
        if (!endpoint.name().startsWith("POST /leads/{id}/merge")) {
            assertEquals(before, Api.leadCount());
        }
    }

    @Test
    void salesSeeOwnLeadsAndUnassignedMqlsOnlyAnotherRepsLeadIsNotFound() {
        String own = leadOwnedBySales1();
        String unassignedMql = createLead(uniqueEmail("mql"));
        as(MARKETING).body(Map.of("stage", "mql")).post("/leads/" + unassignedMql + "/stage").then().statusCode(200);
        String unassignedLead = createLead(uniqueEmail("plain"));

        as(SALES, "sales-1").get("/leads/" + own).then().statusCode(200);
        as(SALES, "sales-2").get("/leads/" + unassignedMql).then().statusCode(200);
        assertProblem(as(SALES, "sales-2").get("/leads/" + own).then(), 404);
        assertProblem(as(SALES, "sales-2").get("/leads/" + own + "/timeline").then(), 404);
        assertProblem(as(SALES, "sales-2").get("/leads/" + own + "/history").then(), 404);
        assertProblem(as(SALES, "sales-1").get("/leads/" + unassignedLead).then(), 404);

        as(SALES, "sales-2").queryParam("size", 200).get("/leads").then().statusCode(200)
                .body("items.id", hasItem(unassignedMql))
                .body("items.id", not(hasItem(own)))
                .body("items.id", not(hasItem(unassignedLead)));
    }
}
