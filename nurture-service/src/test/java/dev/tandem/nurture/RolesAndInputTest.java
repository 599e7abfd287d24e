package dev.tandem.nurture;

import dev.tandem.testing.StrictInput;
import dev.tandem.testing.TestJwt;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.tandem.nurture.Fixtures.MARKETING;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every endpoint against every role (and no token), and the shared bad-input table on every JSON body. */
@QuarkusTest
class RolesAndInputTest {

    private static final String ID = UUID.randomUUID().toString();
    private static final Set<String> WRITE = Set.of("admin", "marketing");
    private static final Set<String> READ = Set.of("admin", "marketing", "sales");

    @TestHTTPResource("/")
    URL base;

    @Inject
    AgroalDataSource dataSource;

    record Endpoint(String method, String path, String body, Set<String> allowed) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("GET", "/templates", null, WRITE),
                new Endpoint("POST", "/templates", "{}", WRITE),
                new Endpoint("GET", "/templates/" + ID, null, WRITE),
                new Endpoint("PUT", "/templates/" + ID, "{}", WRITE),
                new Endpoint("DELETE", "/templates/" + ID, null, WRITE),
                new Endpoint("POST", "/templates/" + ID + "/preview", "{}", WRITE),
                new Endpoint("POST", "/templates/" + ID + "/test-send", "{\"to\": \"a@example.com\"}", WRITE),
                new Endpoint("GET", "/campaigns", null, READ),
                new Endpoint("POST", "/campaigns", "{}", WRITE),
                new Endpoint("GET", "/campaigns/" + ID, null, READ),
                new Endpoint("PUT", "/campaigns/" + ID, "{}", WRITE),
                new Endpoint("DELETE", "/campaigns/" + ID, null, WRITE),
                new Endpoint("POST", "/campaigns/" + ID + "/state", "{\"state\": \"active\"}", WRITE),
                new Endpoint("GET", "/campaigns/" + ID + "/stats", null, READ),
                new Endpoint("POST", "/enrollments", "{}", READ),
                new Endpoint("GET", "/enrollments?leadId=nobody", null, READ),
                new Endpoint("GET", "/enrollments/" + ID, null, READ),
                new Endpoint("POST", "/enrollments/" + ID + "/pause", "{\"reason\": \"visit planned\"}", READ),
                new Endpoint("POST", "/enrollments/" + ID + "/resume", null, READ),
                new Endpoint("GET", "/owners/me", null, READ),
                new Endpoint("PUT", "/owners/me", "{\"title\": \"営業部\"}", READ),
                new Endpoint("GET", "/owners/sales-1", null, WRITE),
                new Endpoint("PUT", "/owners/sales-1", "{\"signature\": \"営業部 佐藤\"}", WRITE));
    }

    static List<Object[]> matrix() {
        List<Object[]> rows = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (String role : List.of("admin", "marketing", "sales", "tracker", "none")) {
                rows.add(new Object[] {endpoint, role});
            }
        }
        return rows;
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void everyRoleOnEveryEndpoint(Endpoint endpoint, String role) {
        RequestSpecification request = given();
        if (!role.equals("none")) {
            request = request.auth().oauth2(TestJwt.token(role));
        }
        if (endpoint.body() != null) {
            request = request.contentType(ContentType.JSON).body(endpoint.body());
        }
        Response response = request.request(endpoint.method(), endpoint.path());
        int status = response.statusCode();
        if (role.equals("none")) {
            assertEquals(401, status, endpoint + " without a token");
        } else if (!endpoint.allowed().contains(role)) {
            assertEquals(403, status, endpoint + " as " + role);
        } else {
            assertTrue(status != 401 && status != 403 && status < 500, endpoint + " as " + role + " → " + status);
        }
        assertTrue(response.contentType().startsWith("application/problem+json") || status < 300,
                endpoint + " as " + role + ": " + response.contentType());
    }

    @Test
    void aSalesRepEnrolsAndPausesOwnLeadsOnlyAndMarketingSeesTheReason() throws Exception {
        String template = Fixtures.japaneseTemplate("case-study", "https://example.com/case");
        String campaign = Fixtures.activeCampaign("""
                {"name": "事例紹介シリーズ", "trigger": {"type": "api"}, "window": {"MONDAY": ["10:00-12:00"]},
                 "steps": [{"id": "one", "type": "email", "templateId": "%s", "sender": {"from": "owner"}}]}""".formatted(template));
        String lead = Fixtures.lead("owned@example.com", "roles", "sales-1");
        String rep = TestJwt.token(TestJwt.SALES, "sales-1");
        String otherRep = TestJwt.token(TestJwt.SALES, "sales-2");
        String body = "{\"campaignId\": \"" + campaign + "\", \"leadId\": \"" + lead + "\"}";
        given().auth().oauth2(otherRep).contentType(ContentType.JSON).body(body).post("/enrollments").then().statusCode(404);
        String enrollment = given().auth().oauth2(rep).contentType(ContentType.JSON).body(body).post("/enrollments").then()
                .statusCode(201).body("nextSendAt", org.hamcrest.Matchers.notNullValue()).extract().path("id");
        given().auth().oauth2(rep).contentType(ContentType.JSON).body(body).post("/enrollments").then().statusCode(409);
        given().auth().oauth2(otherRep).get("/enrollments/" + enrollment).then().statusCode(404);
        given().auth().oauth2(otherRep).queryParam("leadId", lead).get("/enrollments").then().statusCode(404);
        given().auth().oauth2(otherRep).contentType(ContentType.JSON).body("{\"reason\": \"x\"}")
                .post("/enrollments/" + enrollment + "/pause").then().statusCode(404);
        given().auth().oauth2(rep).contentType(ContentType.JSON).body("{}").post("/enrollments/" + enrollment + "/pause")
                .then().statusCode(400).body("errors[0].field", equalTo("reason"));
        given().auth().oauth2(rep).contentType(ContentType.JSON).body("{\"reason\": \"来週訪問予定\"}")
                .post("/enrollments/" + enrollment + "/pause").then().statusCode(200).body("state", equalTo("paused"));
        given().auth().oauth2(MARKETING).get("/enrollments/" + enrollment).then().statusCode(200)
                .body("pauseReason", equalTo("来週訪問予定")).body("pausedBy", equalTo("sales-1"))
                .body("nextSendAt", org.hamcrest.Matchers.nullValue());
        given().auth().oauth2(rep).post("/enrollments/" + enrollment + "/resume").then().statusCode(200)
                .body("state", equalTo("active")).body("nextSendAt", org.hamcrest.Matchers.notNullValue());
        given().auth().oauth2(rep).queryParam("leadId", lead).get("/enrollments").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].campaignName", equalTo("事例紹介シリーズ"));
    }

    static List<StrictInput.Case> badBodies() {
        List<StrictInput.Case> cases = new ArrayList<>();
        cases.addAll(StrictInput.jsonBody("POST", "/templates", """
                {"name":$text,"locales":{}}""".replace("$text", "\"$text\""), "name", null, false));
        cases.addAll(StrictInput.jsonBody("POST", "/campaigns", """
                {"name":"$text","trigger":{"type":"api"},"abMinimumSample":$number}""", "name", "abMinimumSample", true));
        cases.addAll(StrictInput.jsonBody("POST", "/enrollments", """
                {"leadId":"$text","campaignId":"00000000-0000-0000-0000-000000000000"}""", "leadId", null, false));
        cases.addAll(StrictInput.jsonBody("PUT", "/owners/me", """
                {"title":"$text"}""", "title", null, false));
        cases.addAll(StrictInput.queryParameter("/enrollments", "leadId"));
        cases.addAll(StrictInput.requestTarget("/campaigns"));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badInputIsRefusedAndChangesNothing(StrictInput.Case refused) throws Exception {
        long before = rows();
        StrictInput.assertRefused(refused, StrictInput.send(base.toURI(), TestJwt.token(TestJwt.ADMIN), refused.request()));
        assertEquals(before, rows(), refused.name());
    }

    private long rows() throws Exception {
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "select (select count(*) from template) + (select count(*) from campaign) + (select count(*) from enrollment)"
                        + " + (select count(*) from owner_profile where title is not null)")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
