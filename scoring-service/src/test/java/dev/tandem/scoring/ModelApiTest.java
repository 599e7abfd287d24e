package dev.tandem.scoring;

import dev.tandem.testing.TestJwt;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static dev.tandem.scoring.Fixtures.as;
import static dev.tandem.scoring.Fixtures.createModel;
import static dev.tandem.scoring.Fixtures.model;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class ModelApiTest {

    private static final String PROBLEM = "application/problem+json";

    private static int modelCount() {
        return as(TestJwt.ADMIN).get("/models?size=200").then().statusCode(200).extract().path("total");
    }

    @Test
    void createReadAndEditADraft() {
        String id = as(TestJwt.MARKETING).body(model("Draft one", 60)).post("/models")
                .then().statusCode(201)
                .header("Location", containsString("/models/"))
                .body("name", equalTo("Draft one"))
                .body("version", equalTo(1))
                .body("state", equalTo("draft"))
                .body("draftVersion", equalTo(1))
                .body("activeVersion", nullValue())
                .body("definition.fitRules[1].value", equalTo("$freemail"))
                .extract().path("id");

        as(TestJwt.SALES).get("/models/" + id).then().statusCode(200)
                .body("definition.behaviourRules[0].points", equalTo(60));
        as(TestJwt.MARKETING).body(model("Draft one renamed", 70)).put("/models/" + id).then().statusCode(200)
                .body("name", equalTo("Draft one renamed"))
                .body("version", equalTo(1))
                .body("definition.behaviourRules[0].points", equalTo(70));
        as(TestJwt.ADMIN).get("/models").then().statusCode(200).body("items.id", hasItem(id));
    }

    @Test
    void publishRetiresThePreviousVersionAndOnlyDraftsAreEditable() {
        String id = createModel(model("Versioned", 60));
        as(TestJwt.MARKETING).post("/models/" + id + "/publish").then().statusCode(200)
                .body("state", equalTo("active")).body("activeVersion", equalTo(1));

        as(TestJwt.MARKETING).body(model("Versioned", 65)).put("/models/" + id).then().statusCode(409)
                .contentType(PROBLEM).body("status", equalTo(409)).body("detail", containsString("only drafts"));
        as(TestJwt.MARKETING).post("/models/" + id + "/publish").then().statusCode(409).contentType(PROBLEM);

        as(TestJwt.MARKETING).body(model("Versioned", 65)).post("/models/" + id + "/versions").then().statusCode(201)
                .body("version", equalTo(2)).body("state", equalTo("draft")).body("activeVersion", equalTo(1));
        as(TestJwt.MARKETING).body(model("Versioned", 66)).post("/models/" + id + "/versions").then().statusCode(409);
        as(TestJwt.MARKETING).post("/models/" + id + "/publish").then().statusCode(200)
                .body("version", equalTo(2)).body("activeVersion", equalTo(2));

        as(TestJwt.MARKETING).get("/models/" + id + "/versions").then().statusCode(200)
                .body("$", hasSize(2))
                .body("[0].state", equalTo("retired")).body("[0].retiredAt", notNullValue())
                .body("[1].state", equalTo("active"));
        as(TestJwt.MARKETING).get("/models/" + id + "?version=1").then().statusCode(200)
                .body("definition.behaviourRules[0].points", equalTo(60));
    }

    @Test
    void anActiveModelCanBeRetiredUnlessItIsPrimaryAndPublishedAgainLater() {
        String retiring = Fixtures.createAndPublish(model("製品ライン終了", 60));
        String other = Fixtures.createAndPublish(model("Remaining line", 60));
        as(TestJwt.MARKETING).post("/models/" + retiring + "/primary").then().statusCode(200);

        as(TestJwt.MARKETING).post("/models/" + retiring + "/retire").then().statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("primary"));
        as(TestJwt.MARKETING).get("/models/" + retiring).then().body("state", equalTo("active"));

        as(TestJwt.MARKETING).post("/models/" + other + "/primary").then().statusCode(200);
        as(TestJwt.MARKETING).post("/models/" + retiring + "/retire").then().statusCode(200)
                .header("Location", containsString("/models/" + retiring + "/rescore"))
                .body("state", equalTo("retired")).body("activeVersion", nullValue())
                .body("name", equalTo("製品ライン終了"));
        as(TestJwt.MARKETING).get("/models/" + retiring + "/versions").then().statusCode(200)
                .body("[0].state", equalTo("retired")).body("[0].retiredAt", notNullValue());
        as(TestJwt.MARKETING).post("/models/" + retiring + "/retire").then().statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("no active version"));
        as(TestJwt.MARKETING).post("/models/" + retiring + "/primary").then().statusCode(409);

        as(TestJwt.MARKETING).body(model("製品ライン終了", 70)).post("/models/" + retiring + "/versions").then()
                .statusCode(201).body("version", equalTo(2));
        as(TestJwt.MARKETING).post("/models/" + retiring + "/publish").then().statusCode(200)
                .body("state", equalTo("active")).body("activeVersion", equalTo(2));
    }

    @Test
    void eachValidationProblemIsNamedWithItsPathAndNothingIsStored() {
        int before = modelCount();
        assertInvalid(model("Bad", 60).replace("\"op\":\"eq\"", "\"op\":\"like\""),
                "$.behaviourRules[0].conditions[0].op", "unknown op");
        assertInvalid(model("Bad", 60).replace("\"value\":\"demo\"}", "\"value\":\"demo\"},{\"field\":\"u\",\"op\":\"matches\",\"value\":\"([\"}"),
                "$.behaviourRules[0].conditions[1].value", "does not compile");
        assertInvalid(model("Bad", 60).replace("\"value\":100", "\"value\":\"hundred\""),
                "$.fitRules[0].value", "needs a number");
        assertInvalid(model("Bad", 60).replace("\"id\":\"pv\"", "\"id\":\"demo\""),
                "$.behaviourRules[1].id", "duplicate rule id");
        assertInvalid(model("Bad", 1001), "$.behaviourRules[0].points", "between");
        assertInvalid(model("Bad", 60).replace("\"minTotal\":50", "\"minTotal\":1000000"),
                "$.thresholds.mql.minTotal", "between");
        assertInvalid(model("Bad", 60).replace("\"per\":\"P1D\"", "\"per\":\"weekly\""),
                "$.behaviourRules[1].limit.per", "unknown period");
        assertInvalid(model("Bad", 60).replace("\"name\":\"Bad\"", "\"name\":5"), "$.name", "must be a string");
        assertEquals(before, modelCount());
    }

    private static void assertInvalid(String body, String field, String message) {
        as(TestJwt.MARKETING).body(body).post("/models").then().statusCode(400).contentType(PROBLEM)
                .body("type", containsString("invalid-request"))
                .body("title", notNullValue())
                .body("status", equalTo(400))
                .body("errors.field", hasItem(field))
                .body("errors.find { it.field == '" + field + "' }.message", containsString(message));
    }

    @Test
    void badInputGetsAProblemAndChangesNothing() {
        String id = createModel(model("Guarded", 60));
        int before = modelCount();
        as(TestJwt.MARKETING).body("{\"name\": ").post("/models").then().statusCode(400).contentType(PROBLEM);
        as(TestJwt.MARKETING).body("[]").post("/models").then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("$"));
        as(TestJwt.MARKETING).post("/models").then().statusCode(400).contentType(PROBLEM);
        as(TestJwt.MARKETING).contentType(ContentType.TEXT).body("hello").post("/models").then().statusCode(415)
                .contentType(PROBLEM);
        String huge = model("Huge", 60).replace("\"Huge\"", "\"" + "x".repeat(1_100_000) + "\"");
        as(TestJwt.MARKETING).body(huge).post("/models").then().statusCode(413).contentType(PROBLEM);
        as(TestJwt.MARKETING).body("{\"name\": ").put("/models/" + id).then().statusCode(400).contentType(PROBLEM);
        as(TestJwt.MARKETING).get("/models/does-not-exist").then().statusCode(404).contentType(PROBLEM);
        as(TestJwt.MARKETING).body(model("X", 60)).put("/models/does-not-exist").then().statusCode(404)
                .contentType(PROBLEM);
        as(TestJwt.MARKETING).post("/models/does-not-exist/publish").then().statusCode(404).contentType(PROBLEM);
        as(TestJwt.MARKETING).get("/models/does-not-exist/rescore").then().statusCode(404).contentType(PROBLEM);
        as(TestJwt.MARKETING).get("/models?size=500").then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("$query.size"));
        as(TestJwt.MARKETING).get("/models?page=abc").then().statusCode(400).contentType(PROBLEM);
        as(TestJwt.MARKETING).get("/models/" + id + "?version=9").then().statusCode(404).contentType(PROBLEM);
        as(TestJwt.MARKETING).post("/models/" + id + "/primary").then().statusCode(409).contentType(PROBLEM);
        as(TestJwt.MARKETING).delete("/models/" + id).then().statusCode(405).contentType(PROBLEM);
        assertEquals(before, modelCount());
        as(TestJwt.MARKETING).get("/models/" + id).then().statusCode(200).body("name", equalTo("Guarded"));
    }
}
