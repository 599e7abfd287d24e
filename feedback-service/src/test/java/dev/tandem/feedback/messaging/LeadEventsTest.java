package dev.tandem.feedback.messaging;

import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.LeadErased;
import dev.tandem.events.LeadQualified;
import dev.tandem.events.LeadRejected;
import dev.tandem.events.LeadRouted;
import dev.tandem.events.LeadsMerged;
import dev.tandem.events.RejectReason;
import dev.tandem.events.ScoreChanged;
import dev.tandem.events.ScoreReason;
import dev.tandem.events.Topics;
import dev.tandem.feedback.service.SlaService;
import dev.tandem.testing.TestJwt;
import dev.tandem.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static dev.tandem.feedback.Api.WAIT;
import static dev.tandem.feedback.Api.admin;
import static dev.tandem.feedback.Api.as;
import static dev.tandem.feedback.Api.assertProblem;
import static dev.tandem.feedback.Api.lead;
import static dev.tandem.feedback.Api.qualifyAndAwaitRouting;
import static dev.tandem.feedback.Api.rep;
import static dev.tandem.feedback.Api.send;
import static dev.tandem.feedback.Api.team;
import static dev.tandem.feedback.Api.unique;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What other services' events do here: score reasons reach the queue, the SLA sends untouched MQLs back, an erased
 * lead's personal data goes, a merged lead's feedback and deals move to the survivor; and a keyed request sent twice
 * at once has one effect.
 */
@QuarkusTest
class LeadEventsTest {

    @Inject
    SlaService sla;

    /** A rep of a new team covering a new prefecture, and a lead of that prefecture routed to the rep. */
    private record Routed(String rep, String leadId) {
    }

    private static Routed routedLead() {
        String teamId = unique("team");
        String prefecture = unique("愛知県");
        String rep = unique("rep");
        team(teamId);
        rep(rep, teamId, List.of(prefecture), 1);
        String leadId = lead(prefecture, null);
        assertEquals(rep, qualifyAndAwaitRouting(leadId).ownerId());
        return new Routed(rep, leadId);
    }

    private static String queueItem(String leadId) {
        return "items.find { it.leadId == '" + leadId + "' }";
    }

    @Test
    void theQueueShowsThePrimaryScoresTopReasons() {
        Routed routed = routedLead();
        send(new ScoreChanged(UUID.randomUUID(), Instant.now(), routed.leadId(), 1, "default", 1, true, 88, 58, 30, "A",
                72.5, "B", List.of(new ScoreReason("製造業", 30), new ScoreReason("料金ページ閲覧", 25),
                new ScoreReason("ウェビナー参加", 20))));
        await().atMost(WAIT).untilAsserted(() -> as(TestJwt.SALES, routed.rep()).get("/me/queue").then()
                .statusCode(200)
                .body(queueItem(routed.leadId()) + ".score", equalTo(88.0f))
                .body(queueItem(routed.leadId()) + ".topReasons.label", equalTo(List.of("製造業", "料金ページ閲覧", "ウェビナー参加")))
                .body(queueItem(routed.leadId()) + ".topReasons[0].points", equalTo(30.0f)));

        // A score from a producer that does not explain it (or another model's) leaves no stale reasons behind.
        send(new ScoreChanged(UUID.randomUUID(), Instant.now(), routed.leadId(), 1, "other", 1, false, 10, 10, 0, "D",
                null, null));
        send(new ScoreChanged(UUID.randomUUID(), Instant.now(), routed.leadId(), 1, "default", 1, true, 90, 60, 30, "A",
                88.0, "A"));
        await().atMost(WAIT).untilAsserted(() -> as(TestJwt.SALES, routed.rep()).get("/me/queue").then()
                .body(queueItem(routed.leadId()) + ".score", equalTo(90.0f))
                .body(queueItem(routed.leadId()) + ".topReasons", equalTo(List.of())));
    }

    @Test
    void anMqlLeftUntouchedPastItsSlaGoesBackToNurtureAndATouchedOneStays() {
        String teamId = unique("team");
        String prefecture = unique("岐阜県");
        String rep = unique("rep");
        team(teamId);
        rep(rep, teamId, List.of(prefecture), 1);
        String untouched = lead(prefecture, null);
        String touched = lead(prefecture, null);
        // Fri 2024-01-05 10:00 JST: first touch due Tue 1/9 18:00 (Mon 1/8 is 成人の日), recycled after two more
        // business days, Thu 1/11 18:00 JST = 09:00Z.
        Instant mqlAt = Instant.parse("2024-01-05T01:00:00Z");
        try (TopicProbe feedback = TopicProbe.fromNow(Topics.FEEDBACK_EVENTS)) {
            for (String leadId : List.of(untouched, touched)) {
                send(new LeadQualified(UUID.randomUUID(), mqlAt, leadId, 1, "default", 1, 72.5, 30));
                feedback.awaitEvent(LeadRouted.class, e -> e.leadId().equals(leadId), WAIT);
            }
            as(TestJwt.SALES, rep).header("Idempotency-Key", unique("touch")).body(Map.of("leadId", touched,
                    "action", "touch", "touch", Map.of("type", "call", "occurredAt", "2024-01-09T02:00:00Z")))
                    .post("/feedback").then().statusCode(201);

            assertEquals(0, sla.recycleUntouched(Instant.parse("2024-01-11T08:59:00Z")));
            assertEquals(1, sla.recycleUntouched(Instant.parse("2024-01-11T09:00:00Z")));
            LeadRejected rejected = feedback.awaitEvent(LeadRejected.class, e -> e.leadId().equals(untouched), WAIT);
            assertEquals(RejectReason.NEEDS_NURTURE, rejected.reasonCode());
            assertEquals("sla_untouched", rejected.salesReasonCode());
            assertEquals(SlaService.SYSTEM, rejected.by());
            assertTrue(rejected.note().startsWith("[sla_untouched] "), rejected.note());
            assertEquals(0, sla.recycleUntouched(Instant.parse("2024-01-12T09:00:00Z")), "recycled once only");
            assertEquals(List.of(), feedback.eventsAfter(Duration.ofMillis(500), LeadRejected.class,
                    e -> e.leadId().equals(touched)));
        }
        as(TestJwt.SALES, rep).get("/me/queue").then().statusCode(200)
                .body("items.leadId", not(hasItem(untouched))).body("items.leadId", hasItem(touched));
        admin().get("/sla/breaches?from=2024-01-01T00:00:00Z&to=2024-02-01T00:00:00Z").then().statusCode(200)
                .body("sales.findAll { it.leadId == '" + untouched + "' }.kind", hasItem("first_touch"));
    }

    @Test
    void anErasedLeadLosesItsPersonalDataHereAndLeavesTheQueue() {
        Routed routed = routedLead();
        as(TestJwt.SALES, routed.rep()).header("Idempotency-Key", unique("note")).body(Map.of("leadId",
                routed.leadId(), "action", "touch", "note", "携帯 090-1234-5678 に折り返し", "touch",
                Map.of("type", "call", "occurredAt", Instant.now().minusSeconds(60).toString(), "outcome", "山田様不在")))
                .post("/feedback").then().statusCode(201);
        as(TestJwt.SALES, routed.rep()).header("Idempotency-Key", unique("deal")).body(Map.of("leadId",
                routed.leadId(), "action", "dealOpened", "deal", Map.of("name", "山田様 基幹システム更改",
                        "amount", new BigDecimal("500000"), "currency", "JPY"))).post("/feedback").then().statusCode(201);

        send(new LeadErased(UUID.randomUUID(), Instant.now(), routed.leadId(), 1, "admin-1"));
        await().atMost(WAIT).untilAsserted(() -> as(TestJwt.SALES, routed.rep()).get("/me/queue").then()
                .statusCode(200).body("items.leadId", not(hasItem(routed.leadId()))));
        admin().get("/leads/" + routed.leadId() + "/feedback").then().statusCode(200)
                .body("note", everyItem(nullValue())).body("detail.touch", everyItem(nullValue()));
        admin().get("/leads/" + routed.leadId() + "/deals").then().statusCode(200)
                .body("name", everyItem(nullValue())).body("[0].amount", equalTo("500000"));
        assertProblem(as(TestJwt.SALES, routed.rep()).header("Idempotency-Key", unique("late")).body(Map.of("leadId",
                routed.leadId(), "action", "note", "note", "消去後のメモ")).post("/feedback").then(), 404);
    }

    @Test
    void aMergedLeadsFeedbackAndDealsMoveToTheLeadThatRemains() {
        Routed gone = routedLead();
        Routed survivor = routedLead();
        as(TestJwt.SALES, gone.rep()).header("Idempotency-Key", unique("note")).body(Map.of("leadId", gone.leadId(),
                "action", "note", "note", "重複リードへのメモ")).post("/feedback").then().statusCode(201);
        as(TestJwt.SALES, gone.rep()).header("Idempotency-Key", unique("deal")).body(Map.of("leadId", gone.leadId(),
                "action", "dealOpened", "deal", Map.of("dealId", "merge-" + gone.leadId(), "name", "統合前の案件")))
                .post("/feedback").then().statusCode(201);

        send(new LeadsMerged(UUID.randomUUID(), Instant.now(), survivor.leadId(), 1, gone.leadId(), "marketing-1"));
        await().atMost(WAIT).untilAsserted(() -> admin().get("/leads/" + survivor.leadId() + "/feedback").then()
                .statusCode(200).body("note", hasItem("重複リードへのメモ")).body("leadId", everyItem(equalTo(survivor.leadId()))));
        admin().get("/leads/" + survivor.leadId() + "/deals").then().statusCode(200)
                .body("id", hasItem("merge-" + gone.leadId())).body("leadId", everyItem(equalTo(survivor.leadId())));
        assertProblem(admin().get("/leads/" + gone.leadId() + "/feedback").then(), 404);
    }

    @Test
    void theDigestCountsTheWeeksNurtureEventsOnce() {
        String lead = unique("nurtured");
        // 2023-W10 is Mon 2023-03-06 .. Sun 03-12 in Tokyo; 03-05 23:30 JST still belongs to W09.
        Instant inWeek = Instant.parse("2023-03-07T01:00:00Z");
        Instant lastWeek = Instant.parse("2023-03-05T14:30:00Z");
        dev.tandem.events.EmailSent sent = new dev.tandem.events.EmailSent(UUID.randomUUID(), inWeek, lead, 1, "c1",
                "s1", "m1", "【ご案内】新製品");
        send(sent);
        send(sent); // redelivered: counted once
        send(new dev.tandem.events.EmailSent(UUID.randomUUID(), inWeek, lead, 1, "c1", "s2", "m2", "第2回"));
        send(new dev.tandem.events.EmailBounced(UUID.randomUUID(), inWeek, lead, 1, "m2",
                dev.tandem.events.BounceType.SOFT, "mailbox full"));
        send(new dev.tandem.events.Unsubscribed(UUID.randomUUID(), inWeek, lead, 1, "c1", "m2", "email"));
        send(new dev.tandem.events.EnrollmentStarted(UUID.randomUUID(), lastWeek, lead, 1, "c1", "e1"));
        send(new dev.tandem.events.EnrollmentExited(UUID.randomUUID(), inWeek, lead, 1, "c1", "e1", "goal_reached"));
        await().atMost(WAIT).untilAsserted(() -> admin().get("/digests/2023-W10").then().statusCode(200)
                .body("nurture.emailsSent", equalTo(2)).body("nurture.bounced", equalTo(1))
                .body("nurture.unsubscribed", equalTo(1)).body("nurture.enrollmentsExited", equalTo(1))
                .body("nurture.goalsReached", equalTo(1)).body("nurture.enrollmentsStarted", equalTo(0))
                .body("nurtureLastWeek.enrollmentsStarted", equalTo(1)).body("nurtureLastWeek.emailsSent", equalTo(0)));
        String html = admin().accept("text/html").get("/digests/2023-W10").then().statusCode(200).extract().asString();
        assertTrue(html.contains("ナーチャリング") && html.contains("<td>2 / 0</td>"), html);
    }

    @Test
    void theSameKeyedTouchSentTwiceAtOnceHasOneEffectAndOneEvent() throws Exception {
        Routed routed = routedLead();
        String key = unique("twice");
        Map<String, Object> touch = Map.of("leadId", routed.leadId(), "action", "touch", "note", "同時送信",
                "touch", Map.of("type", "visit", "occurredAt", Instant.now().minusSeconds(300).toString()));
        try (TopicProbe activities = TopicProbe.fromNow(Topics.ACTIVITY_EVENTS)) {
            List<CompletableFuture<io.restassured.response.Response>> sent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sent.add(CompletableFuture.supplyAsync(() -> as(TestJwt.SALES, routed.rep())
                        .header("Idempotency-Key", key).body(touch).post("/feedback")));
            }
            List<String> ids = new ArrayList<>();
            int replayed = 0;
            for (CompletableFuture<io.restassured.response.Response> answer : sent) {
                assertEquals(201, answer.get().statusCode(), answer.get().asString());
                ids.add(answer.get().path("id"));
                replayed += "true".equals(answer.get().header("Idempotent-Replayed")) ? 1 : 0;
            }
            assertEquals(1, ids.stream().distinct().count(), ids.toString());
            assertEquals(3, replayed);
            activities.awaitEvent(ActivityRecorded.class, e -> e.leadId().equals(routed.leadId()), WAIT);
            assertEquals(1, activities.eventsAfter(Duration.ofSeconds(1), ActivityRecorded.class,
                    e -> e.leadId().equals(routed.leadId())).size());
        }
        admin().get("/leads/" + routed.leadId() + "/feedback").then().statusCode(200)
                .body("findAll { it.note == '同時送信' }.size()", equalTo(1));
    }
}
