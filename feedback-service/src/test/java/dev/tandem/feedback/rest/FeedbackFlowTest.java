package dev.tandem.feedback.rest;

import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.CloudEvents;
import dev.tandem.events.DealWon;
import dev.tandem.events.LeadAccepted;
import dev.tandem.events.LeadRejected;
import dev.tandem.events.LeadRouted;
import dev.tandem.events.RejectReason;
import dev.tandem.events.Topics;
import dev.tandem.testing.TestJwt;
import dev.tandem.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.tandem.feedback.Api.WAIT;
import static dev.tandem.feedback.Api.admin;
import static dev.tandem.feedback.Api.as;
import static dev.tandem.feedback.Api.assertProblem;
import static dev.tandem.feedback.Api.lead;
import static dev.tandem.feedback.Api.qualify;
import static dev.tandem.feedback.Api.qualifyAndAwaitRouting;
import static dev.tandem.feedback.Api.rep;
import static dev.tandem.feedback.Api.team;
import static dev.tandem.feedback.Api.unique;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routing, queue, claims and feedback end to end: real HTTP, PostgreSQL and Kafka. */
@QuarkusTest
class FeedbackFlowTest {

    private static String sales(String rep) {
        return rep;
    }

    @Test
    void anMqlIsRoutedByTerritoryAndTheRepWorksItFromTheQueue() {
        String teamId = unique("team");
        String prefecture = unique("東京都");
        String tokyo = unique("rep-tokyo");
        team(teamId);
        rep(tokyo, teamId, List.of(prefecture), 1);
        admin().get("/reps/" + tokyo).then().statusCode(200).body("territories.prefectures", hasItem(prefecture))
                .body("teamId", equalTo(teamId));

        String leadId = lead(prefecture, "製造業");
        LeadRouted routed = qualifyAndAwaitRouting(leadId);
        assertEquals(tokyo, routed.ownerId());
        assertEquals(teamId, routed.teamId());
        assertEquals("territory", routed.rule());
        assertEquals("feedback-service", routed.by());

        Response queue = as(TestJwt.SALES, tokyo).header("Accept-Encoding", "gzip").get("/me/queue");
        queue.then().statusCode(200).header("Content-Encoding", "gzip").header("ETag", notNullValue())
                .body("items.leadId", hasItem(leadId))
                .body("items.find { it.leadId == '" + leadId + "' }.name", equalTo("山田 太郎"))
                .body("items.find { it.leadId == '" + leadId + "' }.slaKind", equalTo("first_touch"))
                .body("items.find { it.leadId == '" + leadId + "' }.score", equalTo(72.5f));
        as(TestJwt.SALES, tokyo).header("If-None-Match", queue.header("ETag")).get("/me/queue").then().statusCode(304);

        // A visit logged from the phone: ActivityRecorded on activity.events with the time it happened.
        Instant visitedAt = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> visit = Map.of("leadId", leadId, "action", "touch", "note", "決裁者と面談",
                "touch", Map.of("type", "visit", "occurredAt", visitedAt.toString(), "durationMinutes", 45,
                        "outcome", "前向き"));
        try (TopicProbe activities = TopicProbe.fromNow(Topics.ACTIVITY_EVENTS)) {
            String first = as(TestJwt.SALES, tokyo).header("Idempotency-Key", "visit-" + leadId).body(visit)
                    .post("/feedback").then().statusCode(201).body("action", equalTo("touch")).extract().asString();
            ActivityRecorded touch = activities.awaitEvent(ActivityRecorded.class, e -> e.leadId().equals(leadId), WAIT);
            assertEquals("visit", touch.activityType());
            assertEquals(visitedAt, touch.occurredAt());
            assertEquals("sales", touch.source());
            assertEquals(45, ((Number) touch.properties().get("durationMinutes")).intValue());

            String again = as(TestJwt.SALES, tokyo).header("Idempotency-Key", "visit-" + leadId).body(visit)
                    .post("/feedback").then().statusCode(201).header("Idempotent-Replayed", "true").extract().asString();
            assertEquals(first, again);
            assertEquals(0, activities.eventsAfter(Duration.ofSeconds(1), ActivityRecorded.class,
                    e -> e.leadId().equals(leadId) && !e.eventId().equals(touch.eventId())).size());
        }
        assertProblem(as(TestJwt.SALES, tokyo).header("Idempotency-Key", "visit-" + leadId)
                .body(Map.of("leadId", leadId, "action", "note", "note", "別の内容")).post("/feedback").then(), 422);
        assertProblem(as(TestJwt.SALES, tokyo).body(Map.of("leadId", leadId, "action", "accept"))
                .post("/feedback").then(), 400).body("errors[0].field", equalTo("Idempotency-Key"));

        // Another rep does not see the lead at all.
        String osaka = unique("rep-osaka");
        assertProblem(as(TestJwt.SALES, osaka).get("/leads/" + leadId + "/feedback").then(), 404);
        assertProblem(as(TestJwt.SALES, osaka).header("Idempotency-Key", "x-" + leadId)
                .body(Map.of("leadId", leadId, "action", "accept")).post("/feedback").then(), 404);

        try (TopicProbe feedback = TopicProbe.fromNow(Topics.FEEDBACK_EVENTS)) {
            as(TestJwt.SALES, tokyo).header("Idempotency-Key", "accept-" + leadId)
                    .body(Map.of("leadId", leadId, "action", "accept")).post("/feedback").then().statusCode(201)
                    .body("stage", equalTo("sql"));
            feedback.awaitEvent(LeadAccepted.class, e -> e.leadId().equals(leadId), WAIT);
            as(TestJwt.SALES, tokyo).header("Idempotency-Key", "won-" + leadId)
                    .body(Map.of("leadId", leadId, "action", "dealWon", "deal",
                            Map.of("dealId", "deal-" + leadId, "amount", new BigDecimal("1200000"), "currency", "JPY")))
                    .post("/feedback").then().statusCode(201).body("stage", equalTo("customer"));
            DealWon won = feedback.awaitEvent(DealWon.class, e -> e.leadId().equals(leadId), WAIT);
            assertEquals(0, new BigDecimal("1200000").compareTo(won.amount()));
            assertEquals("JPY", won.currency());
        }
        as(TestJwt.MARKETING, "marketing-1").get("/leads/" + leadId + "/deals").then().statusCode(200)
                .body("[0].amount", equalTo("1200000")).body("[0].currency", equalTo("JPY"))
                .body("[0].status", equalTo("won"));
        as(TestJwt.MARKETING, "marketing-1").get("/leads/" + leadId + "/feedback").then().statusCode(200)
                .body("action", hasItem("touch")).body("action", hasItem("dealWon"));
    }

    @Test
    void aRejectionWithTooEarlyRecyclesAndAmountsAreExactInTheirCurrency() {
        String teamId = unique("team");
        String prefecture = unique("大阪府");
        String rep = unique("rep");
        team(teamId);
        rep(rep, teamId, List.of(prefecture), 1);
        String leadId = lead(prefecture, null);
        qualifyAndAwaitRouting(leadId);

        assertProblem(as(TestJwt.SALES, rep).header("Idempotency-Key", "bad-" + leadId)
                .body(Map.of("leadId", leadId, "action", "dealOpened", "deal",
                        Map.of("amount", new BigDecimal("1200000.5"), "currency", "JPY")))
                .post("/feedback").then(), 400).body("errors[0].field", equalTo("deal.amount"));
        as(TestJwt.SALES, rep).header("Idempotency-Key", "usd-" + leadId)
                .body(Map.of("leadId", leadId, "action", "dealOpened", "deal",
                        Map.of("dealId", "usd-" + leadId, "amount", new BigDecimal("19999.99"), "currency", "USD")))
                .post("/feedback").then().statusCode(201);
        admin().get("/leads/" + leadId + "/deals").then().body("[0].amount", equalTo("19999.99"));

        assertProblem(as(TestJwt.SALES, rep).header("Idempotency-Key", "rej0-" + leadId)
                .body(Map.of("leadId", leadId, "action", "reject", "reasonCode", "bored")).post("/feedback").then(), 400)
                .body("errors[0].field", equalTo("reasonCode"));
        try (TopicProbe feedback = TopicProbe.fromNow(Topics.FEEDBACK_EVENTS)) {
            as(TestJwt.SALES, rep).header("Idempotency-Key", "rej-" + leadId)
                    .body(Map.of("leadId", leadId, "action", "reject", "reasonCode", "too_early", "note", "来期検討"))
                    .post("/feedback").then().statusCode(201).body("stage", equalTo("recycled"));
            LeadRejected rejected = feedback.awaitEvent(LeadRejected.class, e -> e.leadId().equals(leadId), WAIT);
            assertEquals("too_early", rejected.salesReasonCode());
            assertEquals(RejectReason.BAD_TIMING, rejected.reasonCode());
            assertTrue(rejected.note().contains("時期尚早"), rejected.note());
        }
    }

    @Test
    void aLeadMatchingNoTerritoryWaitsInThePoolAndTheFirstClaimWins() throws Exception {
        String leadId = lead(unique("沖縄県"), null);
        qualify(leadId);
        String a = unique("rep-a");
        String b = unique("rep-b");
        await().atMost(WAIT).until(() -> as(TestJwt.SALES, a).get("/me/queue").then().extract()
                .<List<String>>path("items.leadId").contains(leadId));

        List<CompletableFuture<Integer>> claims = new ArrayList<>();
        try (TopicProbe feedback = TopicProbe.fromNow(Topics.FEEDBACK_EVENTS)) {
            for (String rep : List.of(a, b, a, b)) {
                claims.add(CompletableFuture.supplyAsync(() ->
                        as(TestJwt.SALES, rep).post("/queue/" + leadId + "/claim").statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<Integer> claim : claims) {
                statuses.add(claim.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            assertEquals(3, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
            LeadRouted routed = feedback.awaitEvent(LeadRouted.class, e -> e.leadId().equals(leadId), WAIT);
            assertEquals("claim", routed.rule());
            assertEquals(routed.ownerId(), routed.by());
            assertEquals(1, feedback.eventsAfter(Duration.ofSeconds(1), LeadRouted.class,
                    e -> e.leadId().equals(leadId)).size() + 0);
        }
        assertProblem(as(TestJwt.SALES, a).post("/queue/nope/claim").then(), 404);
    }

    @Test
    void aBatchAppliesTheGoodItemsAndNamesTheBadOnes() {
        String teamId = unique("team");
        String prefecture = unique("福岡県");
        String rep = unique("rep");
        team(teamId);
        rep(rep, teamId, List.of(prefecture), 1);
        String leadId = lead(prefecture, null);
        qualifyAndAwaitRouting(leadId);
        Instant at = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        List<Object> items = List.of(
                Map.of("idempotencyKey", "b1-" + leadId, "feedback", Map.of("leadId", leadId, "action", "touch",
                        "touch", Map.of("type", "call", "occurredAt", at.toString(), "durationMinutes", 5))),
                Map.of("idempotencyKey", "b2-" + leadId, "feedback", Map.of("leadId", leadId, "action", "fly")),
                Map.of("feedback", Map.of("leadId", leadId, "action", "note", "note", "x")),
                Map.of("idempotencyKey", "b4-" + leadId, "feedback", Map.of("leadId", "someone-else", "action", "accept")),
                Map.of("idempotencyKey", "b5-" + leadId, "feedback", Map.of("leadId", leadId, "action", "note",
                        "note", "電波が戻ったので送信")));
        as(TestJwt.SALES, rep).body(Map.of("items", items)).post("/feedback/batch").then().statusCode(200)
                .body("succeeded", equalTo(2)).body("failed", equalTo(3))
                .body("results.status", equalTo(List.of(201, 400, 400, 404, 201)))
                .body("results[1].problem.errors[0].field", equalTo("items[1].feedback.action"))
                .body("results[2].problem.errors[0].field", equalTo("items[2].idempotencyKey"))
                .body("results[0].result.occurredAt", equalTo(at.toString()));
        // The phone sends the same batch again: the same answers, nothing twice.
        as(TestJwt.SALES, rep).body(Map.of("items", items)).post("/feedback/batch").then().statusCode(200)
                .body("results[0].replayed", equalTo(true)).body("results[4].replayed", equalTo(true));
        admin().get("/leads/" + leadId + "/feedback").then().body("$", hasSize(2));

        List<Object> tooMany = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            tooMany.add(Map.of("idempotencyKey", "t" + i, "feedback", Map.of("leadId", leadId, "action", "note", "note", "n")));
        }
        assertProblem(as(TestJwt.SALES, rep).body(Map.of("items", tooMany)).post("/feedback/batch").then(), 400);
        admin().get("/leads/" + leadId + "/feedback").then().body("$", hasSize(2));
    }

    @Test
    void reasonCodesAreDataWithLabelsAndOutcomes() {
        as(TestJwt.SALES, "rep-x").get("/reason-codes").then().statusCode(200)
                .body("find { it.code == 'too_early' }.labelJa", equalTo("時期尚早"))
                .body("find { it.code == 'competitor' }.outcome", equalTo("disqualify"))
                .body("labelJa", hasItem("予算なし")).body("labelJa", hasItem("担当者違い"))
                .body("labelJa", hasItem("学生・個人"));
        String code = "x_" + System.nanoTime();
        as(TestJwt.MARKETING, "marketing-1").body(Map.of("code", code, "labelJa", "展示会のみ", "labelEn", "Booth only",
                "outcome", "recycle")).post("/reason-codes").then().statusCode(201).body("eventReason", equalTo("needs_nurture"));
        assertProblem(as(TestJwt.MARKETING, "marketing-1").body(Map.of("code", code + "y", "labelJa", "a", "labelEn", "b",
                "outcome", "recycle", "eventReason", "competitor")).post("/reason-codes").then(), 400)
                .body("errors[0].field", equalTo("eventReason"));
        assertProblem(as(TestJwt.SALES, "rep-x").body(Map.of("code", code + "z", "labelJa", "a", "labelEn", "b",
                "outcome", "recycle")).post("/reason-codes").then(), 403);
        assertNotNull(code);
    }
}
