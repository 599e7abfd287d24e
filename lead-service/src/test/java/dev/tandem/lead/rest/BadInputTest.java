package dev.tandem.lead.rest;

import dev.tandem.lead.Api;
import dev.tandem.testing.TestJwt;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static dev.tandem.lead.Api.as;
import static dev.tandem.lead.Api.assertProblem;
import static dev.tandem.lead.Api.createLead;
import static dev.tandem.lead.Api.uniqueEmail;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every bad-input class of the lead endpoints: a 4xx problem naming what is wrong, and nothing changed. */
@QuarkusTest
class BadInputTest {

    @ParameterizedTest
    @ValueSource(strings = {"{\"email\": ", "not json", "{\"email\": \"a@b.c\",}", "[{]"})
    void malformedJsonIsA400AndCreatesNothing(String body) {
        long before = Api.leadCount();
        assertProblem(as(TestJwt.MARKETING).body(body).post("/leads").then(), 400)
                .body("title", notNullValue()).body("detail", notNullValue());
        assertEquals(before, Api.leadCount());
    }

    @Test
    void wrongTypesNameTheField() {
        long before = Api.leadCount();
        assertProblem(as(TestJwt.MARKETING).body("{\"email\": \"x@example.com\", \"companySize\": \"big\"}").post("/leads").then(), 400)
                .body("errors[0].field", equalTo("companySize"));
        assertProblem(as(TestJwt.MARKETING).body("{\"email\": \"x@example.com\", \"consent\": {\"email\": \"yes please\"}}").post("/leads").then(), 400)
                .body("errors[0].field", equalTo("consent.email"));
        assertProblem(as(TestJwt.MARKETING).body("{\"email\": [\"x@example.com\"]}").post("/leads").then(), 400)
                .body("errors[0].field", equalTo("email"));
        assertProblem(as(TestJwt.MARKETING).body("{\"email\": \"x@example.com\", \"attributes\": {\"nested\": {\"a\": 1}}}").post("/leads").then(), 400)
                .body("errors[0].field", equalTo("attributes.nested"));
        assertEquals(before, Api.leadCount());
    }

    @Test
    void missingAndInvalidFieldsAreListed() {
        long before = Api.leadCount();
        assertProblem(as(TestJwt.MARKETING).body("{\"firstName\": \"Ada\"}").post("/leads").then(), 400)
                .body("errors.field", hasItem("email"));
        assertProblem(as(TestJwt.MARKETING).body(Map.of("email", "not-an-email")).post("/leads").then(), 400)
                .body("errors.field", hasItem("email"));
        assertProblem(as(TestJwt.MARKETING).body(Map.of("email", uniqueEmail("c"), "country", "XX", "timezone", "Mars/Base",
                "companySize", -1, "locale", "not a locale!")).post("/leads").then(), 400)
                .body("errors.field", hasItem("country"))
                .body("errors.field", hasItem("timezone"))
                .body("errors.field", hasItem("companySize"))
                .body("errors.field", hasItem("locale"));
        assertProblem(as(TestJwt.MARKETING).post("/leads").then(), 400);
        assertEquals(before, Api.leadCount());
    }

    @Test
    void unknownAndReadOnlyFieldsOnCreateAreRefused() {
        long before = Api.leadCount();
        assertProblem(as(TestJwt.MARKETING).body(Map.of("email", uniqueEmail("u"), "favouriteColour", "blue")).post("/leads").then(), 400)
                .body("errors[0].field", equalTo("favouriteColour"));
        assertProblem(as(TestJwt.MARKETING).body(Map.of("email", uniqueEmail("u"), "score", 99)).post("/leads").then(), 400)
                .body("errors[0].field", equalTo("score"))
                .body("errors[0].message", equalTo("is read-only"));
        assertEquals(before, Api.leadCount());
    }

    @Test
    void unknownEnumValuesAreRefused() {
        String id = createLead(uniqueEmail("enum"));
        assertProblem(as(TestJwt.MARKETING).body(Map.of("stage", "vip")).post("/leads/" + id + "/stage").then(), 400)
                .body("detail", containsString("vip"));
        assertProblem(as(TestJwt.MARKETING).body("{}").post("/leads/" + id + "/stage").then(), 400)
                .body("errors[0].field", equalTo("stage"));
        as(TestJwt.MARKETING).get("/leads/" + id).then().body("stage", equalTo("lead")).body("version", equalTo(1));
    }

    @Test
    void oversizeBodiesAre413Problems() {
        long before = Api.leadCount();
        String big = "x".repeat(1_100_000);
        assertProblem(as(TestJwt.MARKETING).body("{\"email\": \"big@example.com\", \"company\": \"" + big + "\"}")
                .post("/leads").then(), 413);
        assertProblem(as(TestJwt.TRACKER).body("[{\"anonymousId\": \"a\", \"type\": \"page_view\", \"properties\": {\"t\": \""
                + big + "\"}}]").post("/activities").then(), 413);
        assertEquals(before, Api.leadCount());
    }

    @Test
    void wrongMediaTypeAndMethodAreProblems() {
        assertProblem(as(TestJwt.MARKETING).contentType("text/plain").body("email=x").post("/leads").then(), 415);
        assertProblem(as(TestJwt.MARKETING).put("/leads").then(), 405);
    }

    @Test
    void noTokenIsA401Problem() {
        assertProblem(RestAssured.given().get("/leads").then(), 401);
        assertProblem(RestAssured.given().auth().oauth2(TestJwt.expired(TestJwt.ADMIN)).get("/leads").then(), 401);
        assertProblem(RestAssured.given().auth().oauth2(TestJwt.forged(TestJwt.ADMIN)).get("/leads").then(), 401);
    }

    @Test
    void operationalEndpointsAnswer() {
        RestAssured.given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("MongoDB")))
                .body("checks.name", hasItem(containsString("Messaging")));
        RestAssured.given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/leads"))
                .body("paths", org.hamcrest.Matchers.hasKey("/activities"));
        RestAssured.given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
    }
}
