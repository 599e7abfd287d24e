package dev.tandem.scoring;

import dev.tandem.events.DealWon;
import dev.tandem.events.LeadErased;
import dev.tandem.events.LeadOwnerAssigned;
import dev.tandem.events.LeadQualified;
import dev.tandem.events.LeadsMerged;
import dev.tandem.events.LeadUnqualified;
import dev.tandem.events.ScoreChanged;
import dev.tandem.events.TandemEvent;
import dev.tandem.events.Topics;
import dev.tandem.scoring.repository.LeadRepository;
import dev.tandem.scoring.repository.LeadWrite;
import dev.tandem.scoring.service.ReevaluationJob;
import dev.tandem.testing.KafkaBrokerResource;
import dev.tandem.testing.MongoResource;
import dev.tandem.testing.TestJwt;
import dev.tandem.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.tandem.scoring.Fixtures.activity;
import static dev.tandem.scoring.Fixtures.as;
import static dev.tandem.scoring.Fixtures.asUser;
import static dev.tandem.scoring.Fixtures.leadCreated;
import static dev.tandem.scoring.Fixtures.send;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scoring pipeline end to end inside the service: records produced to the real in-process broker, scores stored
 * in the real Mongo-wire server, score events read back from score.events.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MongoResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScoringFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static String modelId;

    @Inject
    ReevaluationJob reevaluation;
    @Inject
    LeadRepository leads;

    @BeforeEach
    void primaryModel() {
        if (modelId != null) {
            return;
        }
        modelId = Fixtures.createAndPublish(Fixtures.model("Flow", 60));
        as(TestJwt.MARKETING).post("/models/" + modelId + "/primary").then().statusCode(200)
                .body("primary", equalTo(true));
    }

    private static String newLead() {
        return "lead-" + UUID.randomUUID();
    }

    private static JsonPath scoreOf(String leadId) {
        return as(TestJwt.MARKETING).get("/scores/" + leadId).then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> flowScore(JsonPath scores) {
        return scores.getMap("scores.find { it.modelId == '" + modelId + "' }");
    }

    private static BigDecimal decimal(Object value) {
        return new BigDecimal(String.valueOf(value));
    }

    @Test
    @Order(1)
    void anActivityCrossingTheThresholdIsScoredExplainedAndQualifiesTheLeadOnce() {
        String lead = newLead();
        try (TopicProbe scores = TopicProbe.fromNow(Topics.SCORE_EVENTS)) {
            send(leadCreated(lead, "aiko@acme.co.jp", 500, "sales-7"));
            send(activity(lead, "page_view", Instant.now(), Map.of("url", "/pricing")));
            send(activity(lead, "form_submit", Instant.now(), Map.of("form", "demo")));

            LeadQualified qualified = scores.awaitEvent(LeadQualified.class,
                    e -> e.leadId().equals(lead) && e.modelId().equals(modelId), WAIT);
            assertTrue(qualified.total() >= 50);
            ScoreChanged changed = scores.awaitEvent(ScoreChanged.class, e -> e.leadId().equals(lead)
                    && e.modelId().equals(modelId) && e.total() == 90.0 && e.grade().equals("B") && e.primary(), WAIT);

            Map<String, Object> score = flowScore(scoreOf(lead));
            assertTopReasonsComeFromTheLedger(changed, score);
            assertEquals(0, decimal(score.get("total")).compareTo(new BigDecimal("90")));
            assertEquals(0, decimal(score.get("fit")).compareTo(new BigDecimal("20")));
            assertEquals("B", score.get("grade"));
            assertEquals(true, score.get("qualified"));
            assertEquals(1, score.get("modelVersion"));
            assertLedgerAddsUp(score);

            // Another activity changes the score but the lead is already an MQL: no second LeadQualified.
            send(activity(lead, "page_view", Instant.now(), Map.of("url", "/docs")));
            scores.awaitEvent(ScoreChanged.class,
                    e -> e.leadId().equals(lead) && e.modelId().equals(modelId) && e.total() == 100.0, WAIT);
            assertEquals(1, scores.eventsAfter(Duration.ofMillis(500), LeadQualified.class,
                    e -> e.leadId().equals(lead)).size());
        }
        asUser(TestJwt.SALES, "sales-7").get("/scores/" + lead).then().statusCode(200);
        asUser(TestJwt.SALES, "sales-8").get("/scores/" + lead).then().statusCode(404)
                .contentType("application/problem+json");
    }

    /** The event's top reasons are the ledger's rules summed per rule, largest first, at most three. */
    @SuppressWarnings("unchecked")
    private static void assertTopReasonsComeFromTheLedger(ScoreChanged changed, Map<String, Object> score) {
        Map<String, Object> ledger = (Map<String, Object>) score.get("ledger");
        Map<String, BigDecimal> perRule = new java.util.HashMap<>();
        for (String side : List.of("behaviour", "fit")) {
            for (Map<String, Object> line : (List<Map<String, Object>>) ledger.get(side)) {
                perRule.merge((String) line.get("ruleName"), decimal(line.get("appliedPoints")), BigDecimal::add);
            }
        }
        List<BigDecimal> expected = perRule.values().stream().filter(p -> p.signum() > 0)
                .sorted(java.util.Comparator.reverseOrder()).limit(3).toList();
        assertEquals(expected.size(), changed.topReasons().size(), changed.topReasons().toString());
        for (int i = 0; i < expected.size(); i++) {
            dev.tandem.events.ScoreReason reason = changed.topReasons().get(i);
            assertEquals(0, expected.get(i).compareTo(BigDecimal.valueOf(reason.points())), reason.toString());
            assertEquals(0, perRule.get(reason.label()).compareTo(BigDecimal.valueOf(reason.points())), reason.toString());
        }
    }

    @SuppressWarnings("unchecked")
    private static void assertLedgerAddsUp(Map<String, Object> score) {
        Map<String, Object> ledger = (Map<String, Object>) score.get("ledger");
        BigDecimal behaviour = ((List<Map<String, Object>>) ledger.get("behaviour")).stream()
                .map(line -> decimal(line.get("appliedPoints"))).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal fit = ((List<Map<String, Object>>) ledger.get("fit")).stream()
                .map(line -> decimal(line.get("appliedPoints"))).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertEquals(0, behaviour.compareTo(decimal(score.get("behaviour"))));
        assertEquals(0, fit.compareTo(decimal(score.get("fit"))));
        assertEquals(0, behaviour.add(fit).compareTo(decimal(score.get("total"))));
        Map<String, Object> first = ((List<Map<String, Object>>) ledger.get("behaviour")).get(0);
        assertTrue(first.containsKey("eventId") && first.containsKey("ruleId") && first.containsKey("decayedPoints")
                && first.containsKey("limited") && first.containsKey("capped"), first::toString);
    }

    @Test
    @Order(2)
    void theSameEventIdTwiceIsCountedOnce() {
        String lead = newLead();
        TandemEvent view = activity(lead, "page_view", Instant.now(), Map.of());
        send(view);
        send(view);
        send(activity(lead, "page_view", Instant.now(), Map.of()));
        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Object> score = flowScore(scoreOf(lead));
            assertEquals(2, ((List<?>) ((Map<?, ?>) score.get("ledger")).get("behaviour")).size());
        });
        Map<String, Object> score = flowScore(scoreOf(lead));
        assertEquals(0, decimal(score.get("behaviour")).compareTo(new BigDecimal("20")));
    }

    @Test
    @Order(3)
    void aPoisonRecordGoesToTheDeadLetterTopicAndTheNextRecordIsStillScored() {
        String lead = newLead();
        try (TopicProbe dlq = TopicProbe.fromNow(Topics.deadLetterOf(Topics.ACTIVITY_EVENTS))) {
            send(new ProducerRecord<>(Topics.ACTIVITY_EVENTS, lead, "{not json".getBytes(StandardCharsets.UTF_8)));
            send(new ProducerRecord<>(Topics.ACTIVITY_EVENTS, lead,
                    "{\"type\":\"ActivityRecorded\",\"leadId\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
            send(activity(lead, "form_submit", Instant.now(), Map.of("form", "demo")));
            dlq.awaitRecords(r -> lead.equals(r.key()), 2, WAIT);
        }
        await().atMost(WAIT).untilAsserted(() -> assertEquals(0,
                decimal(flowScore(scoreOf(lead)).get("behaviour")).compareTo(new BigDecimal("60"))));
    }

    @Test
    @Order(4)
    void leadErasedRemovesTheLeadsScores() {
        String lead = newLead();
        send(activity(lead, "page_view", Instant.now(), Map.of()));
        await().atMost(WAIT).untilAsserted(() -> scoreOf(lead));
        send(new LeadErased(UUID.randomUUID(), Instant.now(), lead, TandemEvent.SCHEMA_VERSION, "admin-1"));
        await().atMost(WAIT).untilAsserted(() -> as(TestJwt.ADMIN).get("/scores/" + lead).then().statusCode(404)
                .contentType("application/problem+json"));
    }

    @Test
    @Order(5)
    void publishingANewVersionRescoresEveryLeadInTheBackground() {
        String lead = newLead();
        send(activity(lead, "form_submit", Instant.now(), Map.of("form", "demo")));
        await().atMost(WAIT).untilAsserted(() -> scoreOf(lead));

        as(TestJwt.MARKETING).body(Fixtures.model("Flow", 80)).post("/models/" + modelId + "/versions")
                .then().statusCode(201);
        as(TestJwt.MARKETING).post("/models/" + modelId + "/publish").then().statusCode(200)
                .body("activeVersion", equalTo(2));
        await().atMost(WAIT).untilAsserted(() -> as(TestJwt.MARKETING).get("/models/" + modelId + "/rescore")
                .then().statusCode(200).body("state", equalTo("DONE")).body("version", equalTo(2)));
        JsonPath progress = as(TestJwt.MARKETING).get("/models/" + modelId + "/rescore").then().extract().jsonPath();
        assertEquals(progress.getLong("total"), progress.getLong("processed"));
        assertTrue(progress.getLong("processed") >= 1);

        Map<String, Object> score = flowScore(scoreOf(lead));
        assertEquals(2, score.get("modelVersion"));
        assertEquals(0, decimal(score.get("behaviour")).compareTo(new BigDecimal("80")));
        assertLedgerAddsUp(score);
    }

    @Test
    @Order(6)
    void simulateComparesWithThePrimaryAndMeasuresOutcomes() {
        String won = newLead();
        // A small company (fit 0): the demo request qualifies it under the primary model, not under the strict draft.
        send(leadCreated(won, "won@acme.co.jp", 10, "sales-1"));
        send(activity(won, "form_submit", Instant.now(), Map.of("form", "demo")));
        send(new DealWon(UUID.randomUUID(), Instant.now(), won, TandemEvent.SCHEMA_VERSION, "deal-1",
                new BigDecimal("1000"), "JPY", "sales-1"));
        await().atMost(WAIT).untilAsserted(() -> scoreOf(won));

        // A stricter draft: the demo request alone no longer qualifies.
        String strict = Fixtures.createModel(Fixtures.model("Strict", 30));
        await().atMost(WAIT).untilAsserted(() -> {
            JsonPath result = as(TestJwt.MARKETING).post("/models/" + strict + "/simulate").then().statusCode(200)
                    .extract().jsonPath();
            assertEquals(modelId, result.getString("primaryModelId"));
            assertTrue(result.getLong("leadsScored") >= 4);
            assertTrue(result.getLong("noLongerQualified.count") >= 1);
            assertTrue(result.getLong("outcomes.rest.won") >= 1);
            long banded = result.getList("distribution.leads", Long.class).stream().mapToLong(Long::longValue).sum();
            assertEquals(result.getLong("leadsScored"), banded);
        });
        JsonPath same = as(TestJwt.MARKETING).post("/models/" + modelId + "/simulate").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(0, same.getLong("newlyQualified.count"));
        assertEquals(0, same.getLong("noLongerQualified.count"));
        assertTrue(same.getLong("outcomes.wouldBeMql.won") >= 1);
    }

    @Test
    @Order(7)
    void leadsThatWentQuietCoolDownAndAreUnqualified() {
        String lead = newLead();
        try (TopicProbe scores = TopicProbe.fromNow(Topics.SCORE_EVENTS)) {
            send(leadCreated(lead, "quiet@acme.co.jp", 10, "sales-1"));
            send(activity(lead, "form_submit", Instant.now(), Map.of("form", "demo")));
            scores.awaitEvent(LeadQualified.class, e -> e.leadId().equals(lead), WAIT);

            int stored = reevaluation.run(Instant.now().plus(Duration.ofDays(30)));
            assertTrue(stored >= 1);
            LeadUnqualified unqualified = scores.awaitEvent(LeadUnqualified.class, e -> e.leadId().equals(lead), WAIT);
            assertTrue(unqualified.total() < 50);
        }
        Map<String, Object> score = flowScore(scoreOf(lead));
        assertEquals(false, score.get("qualified"));
        assertLedgerAddsUp(score);
        // Operators see how long the passes take (they read every live lead).
        RestAssured.given().get("/q/metrics").then().statusCode(200)
                .body(containsString("tandem_scoring_reevaluations_seconds_count"));
    }

    @Test
    @Order(8)
    void activitiesAloneDoNotQualifyALeadUntilItsProfileIsKnown() {
        String lead = newLead();
        try (TopicProbe scores = TopicProbe.fromNow(Topics.SCORE_EVENTS)) {
            // Activities can arrive before the lead's LeadCreated (another topic): its fit is unknown, not zero.
            send(activity(lead, "form_submit", Instant.now(), Map.of("form", "demo")));
            scores.awaitEvent(ScoreChanged.class, e -> e.leadId().equals(lead) && e.modelId().equals(modelId), WAIT);
            JsonPath before = scoreOf(lead);
            assertEquals(false, before.getBoolean("profileKnown"));
            assertEquals(false, flowScore(before).get("qualified"));
            assertTrue(scores.eventsAfter(Duration.ofMillis(500), LeadQualified.class,
                    e -> e.leadId().equals(lead)).isEmpty());

            send(leadCreated(lead, "kenji@acme.co.jp", 500, "sales-7"));
            LeadQualified qualified = scores.awaitEvent(LeadQualified.class,
                    e -> e.leadId().equals(lead) && e.modelId().equals(modelId), WAIT);
            assertEquals(20.0, qualified.fit());
        }
        JsonPath after = scoreOf(lead);
        assertEquals(true, after.getBoolean("profileKnown"));
        Map<String, Object> score = flowScore(after);
        assertEquals(true, score.get("qualified"));
        assertEquals(0, decimal(score.get("fit")).compareTo(new BigDecimal("20")));
    }

    @Test
    @Order(9)
    void aMergedLeadsActivitiesCountOnceForTheLeadThatRemains() {
        String survivor = newLead();
        String duplicate = newLead();
        send(leadCreated(survivor, "hanako@acme.co.jp", 10, "sales-7"));
        send(activity(survivor, "page_view", Instant.now(), Map.of("url", "/pricing")));
        send(activity(duplicate, "page_view", Instant.now(), Map.of("url", "/docs")));
        send(activity(duplicate, "page_view", Instant.now(), Map.of("url", "/blog")));
        await().atMost(WAIT).untilAsserted(() -> {
            assertEquals(0, decimal(flowScore(scoreOf(survivor)).get("behaviour")).compareTo(new BigDecimal("10")));
            assertEquals(0, decimal(flowScore(scoreOf(duplicate)).get("behaviour")).compareTo(new BigDecimal("20")));
        });

        LeadsMerged merged = new LeadsMerged(UUID.randomUUID(), Instant.now(), survivor, TandemEvent.SCHEMA_VERSION,
                duplicate, "mkt-1");
        send(merged);
        await().atMost(WAIT).untilAsserted(() -> as(TestJwt.ADMIN).get("/scores/" + duplicate).then().statusCode(404));
        Map<String, Object> score = flowScore(scoreOf(survivor));
        assertEquals(0, decimal(score.get("behaviour")).compareTo(new BigDecimal("30")));
        assertLedgerAddsUp(score);

        // Redelivered: the owner assigned after it on the same partition shows when it has been applied.
        send(merged);
        send(new LeadOwnerAssigned(UUID.randomUUID(), Instant.now(), survivor, TandemEvent.SCHEMA_VERSION, "sales-9",
                "sales-7", "mkt-1"));
        await().atMost(WAIT).untilAsserted(() -> asUser(TestJwt.SALES, "sales-9").get("/scores/" + survivor).then()
                .statusCode(200));
        Map<String, Object> after = flowScore(scoreOf(survivor));
        assertEquals(0, decimal(after.get("behaviour")).compareTo(new BigDecimal("30")), "merged activities count once");
        assertEquals(3, ((List<?>) ((Map<?, ?>) after.get("ledger")).get("behaviour")).size());
    }

    @Test
    @Order(10)
    void activitiesStillOnTheirWayToAMergedLeadCountForTheLeadItWasMergedInto() {
        String survivor = newLead();
        String duplicate = newLead();
        String third = newLead();
        // Neither merged lead had been scored yet: a merge leaves a marker all the same.
        send(new LeadsMerged(UUID.randomUUID(), Instant.now(), duplicate, TandemEvent.SCHEMA_VERSION, third, "mkt-1"));
        send(new LeadsMerged(UUID.randomUUID(), Instant.now(), survivor, TandemEvent.SCHEMA_VERSION, duplicate, "mkt-1"));
        await().atMost(WAIT).untilAsserted(() -> {
            assertEquals(duplicate, mergedInto(third));
            assertEquals(survivor, mergedInto(duplicate));
        });

        TandemEvent late = activity(third, "page_view", Instant.now(), Map.of("url", "/pricing"));
        send(late);
        send(activity(duplicate, "page_view", Instant.now(), Map.of("url", "/docs")));
        await().atMost(WAIT).untilAsserted(() -> assertEquals(0,
                decimal(flowScore(scoreOf(survivor)).get("behaviour")).compareTo(new BigDecimal("20"))));

        // Redelivered, then a new one on the same partition to show it has been applied.
        send(late);
        send(activity(third, "page_view", Instant.now(), Map.of("url", "/blog")));
        await().atMost(WAIT).untilAsserted(() -> assertEquals(3,
                ((List<?>) ((Map<?, ?>) flowScore(scoreOf(survivor)).get("ledger")).get("behaviour")).size()));
        Map<String, Object> score = flowScore(scoreOf(survivor));
        assertEquals(0, decimal(score.get("behaviour")).compareTo(new BigDecimal("30")), "the redelivery counts once");
        assertLedgerAddsUp(score);
        as(TestJwt.ADMIN).get("/scores/" + third).then().statusCode(404);
        as(TestJwt.ADMIN).get("/scores/" + duplicate).then().statusCode(404);
    }

    @Test
    @Order(11)
    void aRetiredModelsScoresAreRemovedByThePassItStartsAndNotShownMeanwhile() {
        String extra = Fixtures.createAndPublish(Fixtures.model("Extra line", 60));
        String lead = newLead();
        send(activity(lead, "page_view", Instant.now(), Map.of("url", "/pricing")));
        await().atMost(WAIT).untilAsserted(() -> assertTrue(scoreOf(lead).getList("scores.modelId").contains(extra)));

        LeadState scoredWithBoth = leads.find(lead);

        as(TestJwt.MARKETING).post("/models/" + extra + "/retire").then().statusCode(200)
                .body("state", equalTo("retired"));
        await().atMost(WAIT).untilAsserted(() -> {
            as(TestJwt.MARKETING).get("/models/" + extra + "/rescore").then().statusCode(200)
                    .body("state", equalTo("DONE"));
            assertTrue(!leads.find(lead).scores().containsKey(extra), "stored scores still hold the retired model");
        });
        assertShownWithout(lead, extra);

        // A lead the pass has not reached yet (its stored scores put back as they were): the retired model's score
        // is not shown meanwhile.
        LeadState current = leads.find(lead);
        leads.write(List.of(new LeadWrite(current, new LeadState(lead, current.revision() + 1, false,
                current.ownerId(), current.ownerAt(), current.profile(), current.profileAt(), current.activities(),
                scoredWithBoth.scores()), List.of(), List.of())));
        assertTrue(leads.find(lead).scores().containsKey(extra));
        assertShownWithout(lead, extra);
    }

    /** Other tests' active models may score the lead too: the flow model is shown, the retired one is not. */
    private static void assertShownWithout(String lead, String retired) {
        List<Object> shown = scoreOf(lead).getList("scores.modelId");
        assertTrue(shown.contains(modelId) && !shown.contains(retired), "shown: " + shown);
    }

    private String mergedInto(String leadId) {
        LeadState stored = leads.find(leadId);
        return stored == null ? null : stored.mergedInto();
    }
}
