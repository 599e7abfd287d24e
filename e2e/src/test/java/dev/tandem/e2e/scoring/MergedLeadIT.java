package dev.tandem.e2e.scoring;

import dev.tandem.e2e.Suite;
import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.CloudEvents;
import dev.tandem.events.TandemEvent;
import dev.tandem.testing.RecordSender;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Marketing merges a duplicate lead in lead-service; an activity of the duplicate that was already on its way
 * (produced before the merge, consumed after it) still counts, once, for the lead that remained. Runs against
 * ./tandem up.
 */
class MergedLeadIT {

    private static final String MODEL = """
            {"name":"e2e-merge-%s","behaviourRules":[
              {"id":"pv","name":"閲覧","eventType":"page_view","points":10}],
             "fitRules":[],"decay":{"halfLifeDays":0},
             "thresholds":{"mql":{"minTotal":1000,"minFit":0}},"gradeBands":{"A":40,"B":20,"C":10,"D":0}}
            """;

    private final String marketing = Suite.token("marketing", "mkt-e2e");

    private RequestSpecification scoring() {
        return RestAssured.given().baseUri(Suite.SCORING_SERVICE).auth().oauth2(marketing).contentType(ContentType.JSON);
    }

    private RequestSpecification leads() {
        return RestAssured.given().baseUri(Suite.LEAD_SERVICE).auth().oauth2(marketing).contentType(ContentType.JSON);
    }

    private String createLead(String email) {
        return leads().body(Map.of("email", email, "lastName", "佐藤", "company", "株式会社サンプル"))
                .post("/leads").then().statusCode(201).extract().path("id");
    }

    /** The lead's behaviour points and ledger lines under this model. */
    private Map<String, Object> scoreOf(String leadId, String modelId) {
        return scoring().get("/scores/" + leadId).then().statusCode(200).extract().jsonPath()
                .getMap("scores.find { it.modelId == '" + modelId + "' }");
    }

    private void awaitBehaviour(String leadId, String modelId, String points, int lines) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, Object> score = scoreOf(leadId, modelId);
            assertEquals(0, new BigDecimal(String.valueOf(score.get("behaviour"))).compareTo(new BigDecimal(points)));
            assertEquals(lines, ((List<?>) ((Map<?, ?>) score.get("ledger")).get("behaviour")).size());
        });
    }

    private static void produce(ActivityRecorded... activities) {
        RecordSender.sendAll(Suite.KAFKA, Stream.of(activities).map(activity -> CloudEvents.toRecord(activity, "e2e"))
                .toList());
    }

    private static ActivityRecorded pageView(String leadId, String url) {
        return new ActivityRecorded(UUID.randomUUID(), Instant.now(), leadId, TandemEvent.SCHEMA_VERSION, "page_view",
                null, "web", Map.of("url", url));
    }

    @Test
    void anActivityStillOnItsWayToAMergedLeadCountsOnceForTheLeadThatRemained() {
        String modelId = scoring().body(MODEL.formatted(UUID.randomUUID())).post("/models").then().statusCode(201)
                .extract().path("id");
        scoring().post("/models/" + modelId + "/publish").then().statusCode(200);
        String remaining = createLead("hanako-" + UUID.randomUUID() + "@sample.example");
        String duplicate = createLead("hanako-" + UUID.randomUUID() + "@gmail.example");
        for (String leadId : List.of(remaining, duplicate)) {
            RestAssured.given().baseUri(Suite.LEAD_SERVICE).auth().oauth2(Suite.token("tracker", "tracker-e2e"))
                    .contentType(ContentType.JSON)
                    .body(Map.of("leadId", leadId, "type", "page_view", "occurredAt", Instant.now().toString(),
                            "properties", Map.of("url", "/料金")))
                    .post("/activities").then().statusCode(202);
            awaitBehaviour(leadId, modelId, "10", 1);
        }

        leads().body(Map.of("duplicateId", duplicate)).post("/leads/" + remaining + "/merge").then().statusCode(200);
        // Scoring has applied the merge once the duplicate's scores are gone.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                scoring().get("/scores/" + duplicate).then().statusCode(404));
        awaitBehaviour(remaining, modelId, "20", 2);

        // As lead-service had published it just before the merge, then redelivered, then a new one on the same
        // partition, which shows the redelivery has been consumed by the time it counts.
        ActivityRecorded late = pageView(duplicate, "/導入事例");
        produce(late, late, pageView(duplicate, "/ブログ"));

        awaitBehaviour(remaining, modelId, "40", 4);
        assertTrue(((List<?>) ((Map<?, ?>) scoreOf(remaining, modelId).get("ledger")).get("behaviour")).stream()
                .anyMatch(line -> late.eventId().toString().equals(((Map<?, ?>) line).get("eventId"))));
    }
}
