package dev.tandem.e2e.scoring;

import dev.tandem.e2e.Suite;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Marketing publishes a model; a lead's activities cross its MQL threshold; lead-service shows the lead in stage
 * {@code mql} within 2 s of the activity that crossed it. Runs against ./tandem up.
 */
class QualificationIT {

    private static final String MODEL = """
            {"name":"e2e-%s","behaviourRules":[
              {"id":"demo","name":"Demo request","eventType":"form_submit","points":60},
              {"id":"pv","name":"Page view","eventType":"page_view","points":5}],
             "fitRules":[],"decay":{"halfLifeDays":30},
             "thresholds":{"mql":{"minTotal":50,"minFit":0}},"gradeBands":{"A":40,"B":20,"C":10,"D":0}}
            """;

    @Test
    void activitiesCrossingTheThresholdMakeTheLeadAnMql() {
        String marketing = Suite.token("marketing", "mkt-e2e");
        String modelId = RestAssured.given().baseUri(Suite.SCORING_SERVICE).auth().oauth2(marketing)
                .contentType(ContentType.JSON).body(MODEL.formatted(UUID.randomUUID()))
                .post("/models").then().statusCode(201).extract().path("id");
        RestAssured.given().baseUri(Suite.SCORING_SERVICE).auth().oauth2(marketing)
                .post("/models/" + modelId + "/publish").then().statusCode(200);
        RestAssured.given().baseUri(Suite.SCORING_SERVICE).auth().oauth2(marketing)
                .post("/models/" + modelId + "/primary").then().statusCode(200);

        String email = "e2e-" + UUID.randomUUID() + "@acme.example";
        String leadId = RestAssured.given().baseUri(Suite.LEAD_SERVICE).auth().oauth2(marketing)
                .contentType(ContentType.JSON).body("{\"email\":\"" + email + "\",\"companySize\":250}")
                .post("/leads").then().statusCode(201).extract().path("id");

        String tracker = Suite.token("tracker", "tracker-e2e");
        RestAssured.given().baseUri(Suite.LEAD_SERVICE).auth().oauth2(tracker).contentType(ContentType.JSON)
                .body("{\"leadId\":\"" + leadId + "\",\"type\":\"page_view\",\"occurredAt\":\"" + Instant.now()
                        + "\",\"properties\":{\"url\":\"/pricing\"}}")
                .post("/activities").then().statusCode(202);
        RestAssured.given().baseUri(Suite.LEAD_SERVICE).auth().oauth2(tracker).contentType(ContentType.JSON)
                .body("{\"leadId\":\"" + leadId + "\",\"type\":\"form_submit\",\"occurredAt\":\"" + Instant.now()
                        + "\",\"properties\":{\"form\":\"demo\"}}")
                .post("/activities").then().statusCode(202);

        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                RestAssured.given().baseUri(Suite.LEAD_SERVICE).auth().oauth2(marketing)
                        .get("/leads/" + leadId).then().statusCode(200).body("stage", equalTo("mql")));
        RestAssured.given().baseUri(Suite.SCORING_SERVICE).auth().oauth2(marketing).get("/scores/" + leadId)
                .then().statusCode(200).body("scores.find { it.modelId == '" + modelId + "' }.qualified", equalTo(true));
    }
}
