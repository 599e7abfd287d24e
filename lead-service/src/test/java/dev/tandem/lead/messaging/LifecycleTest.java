package dev.tandem.lead.messaging;

import dev.tandem.events.DealLossReason;
import dev.tandem.events.DealLost;
import dev.tandem.events.DealOpened;
import dev.tandem.events.DealWon;
import dev.tandem.events.LeadAccepted;
import dev.tandem.events.LeadOwnerAssigned;
import dev.tandem.events.LeadQualified;
import dev.tandem.events.LeadRejected;
import dev.tandem.events.LeadRouted;
import dev.tandem.events.LeadStageChanged;
import dev.tandem.events.LifecycleStage;
import dev.tandem.events.RejectReason;
import dev.tandem.events.ScoreChanged;
import dev.tandem.events.Topics;
import dev.tandem.lead.Api;
import dev.tandem.testing.TestJwt;
import dev.tandem.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.tandem.lead.Api.as;
import static dev.tandem.lead.Api.assertProblem;
import static dev.tandem.lead.Api.createLead;
import static dev.tandem.lead.Api.uniqueEmail;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Stage moves by hand and by events of scoring and sales feedback; idempotence and dead letters. */
@QuarkusTest
class LifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static String stageOf(String id) {
        return as(TestJwt.ADMIN).get("/leads/" + id).then().statusCode(200).extract().path("stage");
    }

    private static void awaitStage(String id, String stage) {
        await().atMost(WAIT).until(() -> stage.equals(stageOf(id)));
    }

    @Test
    void manualMovesKeepHistoryAndBackwardMovesNeedAReason() {
        String id = createLead(uniqueEmail("manual"));
        try (TopicProbe probe = TopicProbe.fromNow(Topics.LEAD_EVENTS)) {
            as(TestJwt.MARKETING).body(Map.of("stage", "sql")).post("/leads/" + id + "/stage")
                    .then().statusCode(200).body("stage", equalTo("sql"));
            LeadStageChanged changed = probe.awaitEvent(LeadStageChanged.class, e -> e.leadId().equals(id), WAIT);
            assertEquals(LifecycleStage.LEAD, changed.from());
            assertEquals(LifecycleStage.SQL, changed.to());
            assertEquals("manual", changed.cause());
            assertEquals("marketing-1", changed.by());
        }
        assertProblem(as(TestJwt.MARKETING).body(Map.of("stage", "mql")).post("/leads/" + id + "/stage").then(), 400)
                .body("errors[0].field", equalTo("reason"));
        assertProblem(as(TestJwt.MARKETING).body(Map.of("stage", "sql", "reason", "again")).post("/leads/" + id + "/stage").then(), 409);
        assertProblem(as(TestJwt.MARKETING).body(Map.of("stage", "mql")).post("/leads/nope/stage").then(), 404);
        as(TestJwt.MARKETING).body(Map.of("stage", "mql", "reason", "needs more nurture")).post("/leads/" + id + "/stage")
                .then().statusCode(200).body("stage", equalTo("mql"));

        as(TestJwt.MARKETING).get("/leads/" + id + "/history").then().statusCode(200)
                .body("to", contains("lead", "sql", "mql"))
                .body("cause", contains("created", "manual", "manual"))
                .body("[2].reason", equalTo("needs more nurture"))
                .body("[2].from", equalTo("sql"));
    }

    @Test
    void qualifiedLeadBecomesMqlOnceEvenWhenTheEventComesTwice() {
        String id = createLead(uniqueEmail("qual"));
        LeadQualified qualified = new LeadQualified(UUID.randomUUID(), Instant.now(), id, 1, "default", 1, 75, 30);
        try (TopicProbe probe = TopicProbe.fromNow(Topics.LEAD_EVENTS)) {
            Api.send(qualified);
            Api.send(qualified);
            awaitStage(id, "mql");
            LeadStageChanged changed = probe.awaitEvent(LeadStageChanged.class, e -> e.leadId().equals(id), WAIT);
            assertEquals("LeadQualified", changed.cause());
            assertEquals(qualified.eventId(), changed.causeEventId());
            // A move by hand after the duplicate proves the duplicate was processed before it (same partition).
            as(TestJwt.MARKETING).body(Map.of("stage", "sql")).post("/leads/" + id + "/stage").then().statusCode(200);
            probe.awaitEvent(LeadStageChanged.class, e -> e.leadId().equals(id) && e.cause().equals("manual"), WAIT);
            assertEquals(1, probe.eventsAfter(Duration.ofMillis(500), LeadStageChanged.class,
                    e -> e.leadId().equals(id) && e.cause().equals("LeadQualified")).size());
        }
        as(TestJwt.ADMIN).get("/leads/" + id + "/history").then()
                .body("cause", contains("created", "LeadQualified", "manual"));
    }

    @Test
    void salesFeedbackMovesTheLeadThroughTheFunnel() {
        String id = createLead(uniqueEmail("funnel"));
        Api.send(new LeadAccepted(UUID.randomUUID(), Instant.now(), id, 1, "sales-1"));
        awaitStage(id, "sql");
        Api.send(new DealOpened(UUID.randomUUID(), Instant.now(), id, 1, "deal-1", BigDecimal.TEN, "JPY", "sales-1"));
        awaitStage(id, "opportunity");
        Api.send(new DealWon(UUID.randomUUID(), Instant.now(), id, 1, "deal-1", new BigDecimal("1200000"), "JPY", "sales-1"));
        awaitStage(id, "customer");
        as(TestJwt.ADMIN).get("/leads/" + id + "/history").then()
                .body("cause", contains("created", "LeadAccepted", "DealOpened", "DealWon"))
                .body("[1].by", equalTo("sales-1"));
    }

    @Test
    void rejectionAndLostDealsRecycleOrDisqualify() {
        String recycled = createLead(uniqueEmail("recycle"));
        String disqualified = createLead(uniqueEmail("disq"));
        String lost = createLead(uniqueEmail("lost"));
        Api.send(new LeadRejected(UUID.randomUUID(), Instant.now(), recycled, 1, RejectReason.BAD_TIMING, "too_early", null,
                "sales-1"));
        Api.send(new LeadRejected(UUID.randomUUID(), Instant.now(), disqualified, 1, RejectReason.NOT_A_FIT, "student", "sales-1"));
        Api.send(new DealLost(UUID.randomUUID(), Instant.now(), lost, 1, "d", DealLossReason.COMPETITOR, null, "sales-1"));
        awaitStage(recycled, "recycled");
        awaitStage(disqualified, "disqualified");
        awaitStage(lost, "recycled");
        as(TestJwt.ADMIN).get("/leads/" + disqualified + "/history").then().body("[1].reason", equalTo("not_a_fit"));
        // The stage follows the coarse reason; the history keeps the rep's own code when the event carries one.
        as(TestJwt.ADMIN).get("/leads/" + recycled + "/history").then().body("[1].reason", equalTo("too_early"));
    }

    @Test
    void primaryScoreIsKeptForSearchAndSort() {
        String campaign = "score-" + UUID.randomUUID();
        String low = createLead(Map.of("email", uniqueEmail("low"), "campaign", campaign));
        String high = createLead(Map.of("email", uniqueEmail("high"), "campaign", campaign));
        Api.send(new ScoreChanged(UUID.randomUUID(), Instant.now(), low, 1, "m", 1, true, 12.5, 10, 2.5, "C", null, null));
        Api.send(new ScoreChanged(UUID.randomUUID(), Instant.now(), high, 1, "m", 1, true, 88, 60, 28, "A", null, null));
        Api.send(new ScoreChanged(UUID.randomUUID(), Instant.now(), high, 1, "other", 1, false, 5, 5, 0, "D", null, null));
        await().atMost(WAIT).until(() -> as(TestJwt.ADMIN).get("/leads/" + high).path("score") != null
                && as(TestJwt.ADMIN).get("/leads/" + low).path("score") != null);
        as(TestJwt.ADMIN).get("/leads/" + high).then().body("score", equalTo(88.0f));
        as(TestJwt.MARKETING).queryParam("campaign", campaign).queryParam("sort", "-score").get("/leads")
                .then().body("items.id", contains(high, low));
        as(TestJwt.MARKETING).queryParam("campaign", campaign).queryParam("minScore", 50).get("/leads")
                .then().body("items.id", contains(high));
        as(TestJwt.MARKETING).queryParam("campaign", campaign).queryParam("maxScore", 50).get("/leads")
                .then().body("items.id", contains(low));
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndTheNextRecordIsStillApplied() {
        String id = createLead(uniqueEmail("poison"));
        try (TopicProbe dlq = TopicProbe.fromNow(Topics.deadLetterOf(Topics.FEEDBACK_EVENTS))) {
            Api.send(new ProducerRecord<>(Topics.FEEDBACK_EVENTS, id, "{not an event".getBytes(StandardCharsets.UTF_8)));
            Api.send(new ProducerRecord<>(Topics.FEEDBACK_EVENTS, id,
                    "{\"type\":\"LeadAccepted\",\"leadId\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
            Api.send(new LeadAccepted(UUID.randomUUID(), Instant.now(), id, 1, "sales-1"));
            awaitStage(id, "sql");
            List<?> dead = dlq.awaitRecords(r -> id.equals(r.key()), 2, WAIT);
            assertEquals(2, dead.size());
        }
    }

    @Test
    void assigningAnOwnerPublishesLeadOwnerAssigned() {
        String id = createLead(uniqueEmail("owner"));
        try (TopicProbe probe = TopicProbe.fromNow(Topics.LEAD_EVENTS)) {
            as(TestJwt.MARKETING).body(Map.of("ownerId", "sales-7")).put("/leads/" + id + "/owner")
                    .then().statusCode(200).body("ownerId", equalTo("sales-7"));
            LeadOwnerAssigned assigned = probe.awaitEvent(LeadOwnerAssigned.class, e -> e.leadId().equals(id), WAIT);
            assertEquals("sales-7", assigned.ownerId());
            assertNull(assigned.previousOwnerId());
            assertEquals("marketing-1", assigned.by());
        }
        assertProblem(as(TestJwt.MARKETING).body(Map.of("ownerId", " ")).put("/leads/" + id + "/owner").then(), 400)
                .body("errors.field", hasItem("ownerId"));
        assertProblem(as(TestJwt.MARKETING).body(Map.of("ownerId", "x")).put("/leads/nope/owner").then(), 404);
        as(TestJwt.SALES, "sales-7").get("/leads/" + id).then().statusCode(200);
    }

    @Test
    void aRoutedLeadGetsItsOwnerOnceAnnouncedAsAnAssignment() {
        String id = createLead(uniqueEmail("routed"));
        LeadRouted routed = new LeadRouted(UUID.randomUUID(), Instant.now(), id, 1, "rep-tokyo", "team-kanto",
                "territory", "feedback-service");
        try (TopicProbe probe = TopicProbe.fromNow(Topics.LEAD_EVENTS)) {
            Api.send(routed);
            Api.send(routed);
            LeadOwnerAssigned assigned = probe.awaitEvent(LeadOwnerAssigned.class, e -> e.leadId().equals(id), WAIT);
            assertEquals("rep-tokyo", assigned.ownerId());
            assertNull(assigned.previousOwnerId());
            assertEquals("feedback-service", assigned.by());
            as(TestJwt.SALES, "rep-tokyo").get("/leads/" + id).then().statusCode(200)
                    .body("ownerId", equalTo("rep-tokyo"));

            // A claim by another rep later moves it; the duplicate above was applied before it (same partition).
            Api.send(new LeadRouted(UUID.randomUUID(), Instant.now(), id, 1, "rep-osaka", "team-kanto", "claim",
                    "rep-osaka"));
            LeadOwnerAssigned moved = probe.awaitEvent(LeadOwnerAssigned.class,
                    e -> e.leadId().equals(id) && e.ownerId().equals("rep-osaka"), WAIT);
            assertEquals("rep-tokyo", moved.previousOwnerId());
            assertEquals(2, probe.eventsAfter(Duration.ofMillis(500), LeadOwnerAssigned.class,
                    e -> e.leadId().equals(id)).size(), "the redelivered LeadRouted assigned nothing");
        }
        as(TestJwt.SALES, "rep-tokyo").get("/leads/" + id).then().statusCode(404);
        assertEquals("lead", stageOf(id), "routing leaves the stage alone");
    }
}
