package dev.tandem.scoring.rest;

import dev.tandem.scoring.Fixtures;
import dev.tandem.testing.StrictInput;
import dev.tandem.testing.StrictInput.Case;
import dev.tandem.testing.TestJwt;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import static dev.tandem.scoring.Fixtures.as;
import static dev.tandem.scoring.Fixtures.createModel;
import static dev.tandem.scoring.Fixtures.model;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * platform's strict edge, fed with scoring-service's own endpoints: every case of testing's {@link StrictInput} is a
 * 4xx problem naming what is wrong, and neither the model it aims at nor the number of models changes.
 */
@QuarkusTest
class StrictInputTest {

    /** A valid model with its name and MQL threshold as the table's placeholders. */
    private static final String MODEL = Fixtures.MODEL.formatted("$text", 60)
            .replace("\"minTotal\":50", "\"minTotal\":" + StrictInput.NUMBER);

    @TestHTTPResource("/")
    URL base;

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.addAll(StrictInput.jsonBody("POST", "/models", MODEL, "name", "thresholds.mql.minTotal", false));
        cases.addAll(StrictInput.jsonBody("PUT", "/models/{id}", MODEL, "name", "thresholds.mql.minTotal", false));
        cases.addAll(StrictInput.jsonBody("POST", "/models/{id}/versions", Fixtures.MODEL.formatted("$text", 60)
                .replace("\"halfLifeDays\":7", "\"halfLifeDays\":" + StrictInput.NUMBER), "name", "decay.halfLifeDays",
                false));
        cases.add(StrictInput.deepNesting("POST", "/models", MODEL, 100));
        cases.addAll(StrictInput.queryParameter("/models", "size"));
        cases.addAll(StrictInput.queryParameter("/models/{id}", "version"));
        cases.addAll(StrictInput.requestTarget("/models"));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedAndChangesNothing(Case refused) throws Exception {
        String id = createModel(model("Strict", 60));
        Object before = snapshot(id);
        StrictInput.Request request = refused.request().withPath(refused.request().path().replace("{id}", id));
        StrictInput.assertRefused(refused, StrictInput.send(base.toURI(), TestJwt.token(TestJwt.MARKETING), request));
        assertEquals(before, snapshot(id), refused.name());
    }

    private static Object snapshot(String id) {
        return List.<Object>of(as(TestJwt.ADMIN).get("/models?size=1").then().statusCode(200).extract().<Integer>path("total"),
                as(TestJwt.ADMIN).get("/models/" + id).then().statusCode(200).extract().asString(),
                as(TestJwt.ADMIN).get("/models/" + id + "/versions").then().statusCode(200).extract().asString());
    }

    @Test
    void theValidBodyOfTheTableIsAccepted() {
        as(TestJwt.MARKETING).body(StrictInput.valid(MODEL)).post("/models").then().statusCode(201)
                .body("name", equalTo("Ada")).body("definition.thresholds.mql.minTotal", equalTo(7));
    }

    @Test
    void aPageWhoseOffsetOverflowsIsRefusedNotAnsweredWithEveryModel() {
        createModel(model("Paged", 60));
        as(TestJwt.ADMIN).get("/models?page=10737419&size=200").then().statusCode(400)
                .contentType(StrictInput.PROBLEM).body("errors[0].field", equalTo("$query.page"));
        as(TestJwt.ADMIN).get("/models?page=10737418&size=200").then().statusCode(200)
                .body("items.size()", equalTo(0));
    }

    @Test
    void rulePatternsAreLinearTimeRe2() {
        int before = as(TestJwt.ADMIN).get("/models?size=1").then().extract().path("total");
        String backreference = model("Backreference", 60).replace("\"op\":\"eq\",\"value\":\"demo\"",
                "\"op\":\"matches\",\"value\":\"(a)\\\\1\"");
        as(TestJwt.MARKETING).body(backreference).post("/models").then().statusCode(400)
                .contentType(StrictInput.PROBLEM)
                .body("errors.field", hasItem("$.behaviourRules[0].conditions[0].value"))
                .body("errors[0].message", containsString("does not compile"));
        assertEquals(before, (int) as(TestJwt.ADMIN).get("/models?size=1").then().extract().path("total"));
        // (a+)+$ backtracks exponentially in java.util.regex; RE2 compiles it and matches in linear time.
        String nested = model("Nested quantifier", 60).replace("\"op\":\"eq\",\"value\":\"demo\"",
                "\"op\":\"matches\",\"value\":\"(a+)+$\"");
        as(TestJwt.MARKETING).body(nested).post("/models").then().statusCode(201);
    }
}
