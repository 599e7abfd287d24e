package dev.tandem.e2e.feedback;

import dev.tandem.e2e.Suite;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * A lead crosses the MQL threshold; feedback-service routes it to the Tokyo rep (LeadRouted) and lead-service sets
 * the owner; the rep works it from the queue: a visit reaches the lead's timeline, a rejection with 時期尚早
 * recycles it, and a won deal of ¥1,200,000 makes another lead a customer and shows in the KGI and the digest.
 * Runs against ./tandem up.
 */
class FeedbackRoutingIT {

    static final String FEEDBACK_SERVICE = "http://127.0.0.1:8084";
    private static final String MODEL = """
            {"name":"e2e-fb-%s","behaviourRules":[
              {"id":"demo","name":"Demo request","eventType":"form_submit","points":60}],
             "fitRules":[],"decay":{"halfLifeDays":30},
             "thresholds":{"mql":{"minTotal":50,"minFit":0}},"gradeBands":{"A":40,"B":20,"C":10,"D":0}}
            """;

    private static RequestSpecification as(String base, String role, String subject) {
        return RestAssured.given().baseUri(base).auth().oauth2(Suite.token(role, subject)).contentType(ContentType.JSON);
    }

    private static String mqlIn(String prefecture) {
        String leadId = as(Suite.LEAD_SERVICE, "marketing", "mkt-e2e")
                .body(Map.of("email", "fb-" + UUID.randomUUID() + "@acme.example", "lastName", "鈴木", "firstName", "一郎",
                        "company", "東京製作所", "country", "JP", "source", "展示会",
                        "attributes", Map.of("prefecture", prefecture)))
                .post("/leads").then().statusCode(201).extract().path("id");
        // feedback-service must know the lead (LeadCreated) before it qualifies, to match its territory.
        await().atMost(Duration.ofSeconds(10)).until(() -> as(FEEDBACK_SERVICE, "admin", "admin-e2e")
                .get("/leads/" + leadId + "/feedback").statusCode() == 200);
        as(Suite.LEAD_SERVICE, "tracker", "tracker-e2e").body("{\"leadId\":\"" + leadId
                        + "\",\"type\":\"form_submit\",\"occurredAt\":\"" + Instant.now() + "\",\"properties\":{\"form\":\"demo\"}}")
                .post("/activities").then().statusCode(202);
        return leadId;
    }

    @Test
    void anMqlIsRoutedToTheTokyoRepAndWorkedFromThePhone() {
        String marketing = "mkt-e2e";
        String modelId = as(Suite.SCORING_SERVICE, "marketing", marketing).body(MODEL.formatted(UUID.randomUUID()))
                .post("/models").then().statusCode(201).extract().path("id");
        as(Suite.SCORING_SERVICE, "marketing", marketing).post("/models/" + modelId + "/publish").then().statusCode(200);
        as(Suite.SCORING_SERVICE, "marketing", marketing).post("/models/" + modelId + "/primary").then().statusCode(200);

        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String team = "kanto-" + suffix;
        String rep = "rep-tokyo-" + suffix;
        String prefecture = "東京都" + suffix;
        as(FEEDBACK_SERVICE, "admin", "admin-e2e").body(Map.of("id", team, "name", "関東営業")).post("/teams")
                .then().statusCode(201);
        as(FEEDBACK_SERVICE, "admin", "admin-e2e").body(Map.of("id", rep, "name", "東京 担当", "teamId", team,
                        "capacity", 5, "territories", Map.of("countries", List.of("JP"), "prefectures", List.of(prefecture))))
                .post("/reps").then().statusCode(201);

        String leadId = mqlIn(prefecture);
        // Scoring's part (QualificationIT holds it to 2 s on a warm stack); then routing: the owner within 2 s.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                as(Suite.LEAD_SERVICE, "marketing", marketing).get("/leads/" + leadId).then().statusCode(200)
                        .body("stage", equalTo("mql")));
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                as(Suite.LEAD_SERVICE, "marketing", marketing).get("/leads/" + leadId).then().statusCode(200)
                        .body("ownerId", equalTo(rep)));

        as(FEEDBACK_SERVICE, "sales", rep).get("/me/queue").then().statusCode(200)
                .body("items.leadId", hasItem(leadId))
                .body("items.find { it.leadId == '" + leadId + "' }.name", equalTo("鈴木 一郎"));

        Instant visited = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        as(FEEDBACK_SERVICE, "sales", rep).header("Idempotency-Key", "visit-" + leadId)
                .body(Map.of("leadId", leadId, "action", "touch", "note", "工場見学",
                        "touch", Map.of("type", "visit", "occurredAt", visited.toString(), "durationMinutes", 60)))
                .post("/feedback").then().statusCode(201);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                as(Suite.LEAD_SERVICE, "marketing", marketing).get("/leads/" + leadId + "/timeline").then()
                        .statusCode(200).body(containsString("visit")));

        as(FEEDBACK_SERVICE, "sales", rep).header("Idempotency-Key", "reject-" + leadId)
                .body(Map.of("leadId", leadId, "action", "reject", "reasonCode", "too_early"))
                .post("/feedback").then().statusCode(201);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                as(Suite.LEAD_SERVICE, "marketing", marketing).get("/leads/" + leadId).then()
                        .body("stage", equalTo("recycled")));

        String won = mqlIn(prefecture);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                as(Suite.LEAD_SERVICE, "marketing", marketing).get("/leads/" + won).then().body("ownerId", equalTo(rep)));
        as(FEEDBACK_SERVICE, "sales", rep).header("Idempotency-Key", "accept-" + won)
                .body(Map.of("leadId", won, "action", "accept")).post("/feedback").then().statusCode(201);
        as(FEEDBACK_SERVICE, "sales", rep).header("Idempotency-Key", "won-" + won)
                .body(Map.of("leadId", won, "action", "dealWon", "deal", Map.of("amount", 1200000, "currency", "JPY")))
                .post("/feedback").then().statusCode(201);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                as(Suite.LEAD_SERVICE, "marketing", marketing).get("/leads/" + won).then()
                        .body("stage", equalTo("customer")));

        String month = LocalDate.now(ZoneId.of("Asia/Tokyo")).toString().substring(0, 7);
        as(FEEDBACK_SERVICE, "marketing", marketing).queryParam("teamId", team).get("/kgi/" + month).then()
                .statusCode(200)
                .body("metrics.find { it.metric == 'revenue' && it.currency == 'JPY' }.actual", equalTo(1200000));
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
        String week = String.format("%d-W%02d", today.get(IsoFields.WEEK_BASED_YEAR), today.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        as(FEEDBACK_SERVICE, "marketing", marketing).get("/digests/" + week).then().statusCode(200)
                .body("rejections.labelJa", hasItem("時期尚早"))
                .body("thisWeek.dealsWon", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
    }
}
