package dev.tandem.feedback.rest;

import dev.tandem.events.LeadCreated;
import dev.tandem.events.LeadProfile;
import dev.tandem.events.LeadStageChanged;
import dev.tandem.events.LifecycleStage;
import dev.tandem.feedback.service.DigestService;
import dev.tandem.testing.SmtpResource;
import dev.tandem.testing.TestJwt;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.tandem.feedback.Api.WAIT;
import static dev.tandem.feedback.Api.admin;
import static dev.tandem.feedback.Api.as;
import static dev.tandem.feedback.Api.assertProblem;
import static dev.tandem.feedback.Api.send;
import static dev.tandem.feedback.Api.team;
import static dev.tandem.feedback.Api.unique;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * KGI, insights and the digest against a hand-computed fixture in May 2025 (Golden Week; other tests write today's
 * data, so this month is this test's alone).
 */
@QuarkusTest
class KgiDigestTest {

    @Inject
    DigestService digests;

    private static String lead(String rep, String source, String campaign) {
        String id = unique("kgi");
        send(new LeadCreated(UUID.randomUUID(), Instant.parse("2025-04-01T00:00:00Z"), id, 1,
                new LeadProfile(id + "@example.jp", "花子", "佐藤", "佐藤商事", null, null, "JP", "Asia/Tokyo", "ja", 50,
                        "小売", source, campaign, Map.of(), true, LifecycleStage.LEAD, rep)));
        return id;
    }

    private static void moved(String lead, LifecycleStage from, LifecycleStage to, String at) {
        send(new LeadStageChanged(UUID.randomUUID(), Instant.parse(at), lead, 1, from, to, "test", null, null, "test"));
    }

    private static void feedback(String rep, String key, Map<String, Object> body) {
        as(TestJwt.SALES, rep).header("Idempotency-Key", key).body(body).post("/feedback").then().statusCode(201);
    }

    @Test
    void theKgiInsightsAndDigestAddUpToTheHandComputedFigures() throws Exception {
        String teamId = unique("kgi-team");
        String rep = unique("kgi-rep");
        team(teamId);
        admin().body(Map.of("id", rep, "name", "佐藤", "teamId", teamId, "capacity", 1)).post("/reps").then().statusCode(201);
        String l1 = lead(rep, "展示会", "expo-2025");
        String l2 = lead(rep, "展示会", "expo-2025");
        String l3 = lead(rep, "web", "seo");
        String l4 = lead(rep, "web", "seo");
        for (String lead : List.of(l1, l2, l3, l4)) {
            await().atMost(WAIT).until(() -> admin().get("/leads/" + lead + "/feedback").statusCode() == 200);
            moved(lead, LifecycleStage.LEAD, LifecycleStage.MQL, "2025-05-01T01:00:00Z");   // Thu 10:00 JST
        }
        feedback(rep, "acc1-" + l1, Map.of("leadId", l1, "action", "accept", "occurredAt", "2025-05-07T01:00:00Z"));
        feedback(rep, "acc2-" + l2, Map.of("leadId", l2, "action", "accept", "occurredAt", "2025-05-07T01:00:00Z"));
        feedback(rep, "rej3-" + l3, Map.of("leadId", l3, "action", "reject", "reasonCode", "too_early",
                "note", "来期予算", "occurredAt", "2025-05-08T01:00:00Z"));
        feedback(rep, "won1-" + l1, Map.of("leadId", l1, "action", "dealWon", "occurredAt", "2025-05-12T01:00:00Z",
                "deal", Map.of("dealId", "kgi-" + l1, "amount", new BigDecimal("1200000"), "currency", "JPY")));
        feedback(rep, "won2-" + l2, Map.of("leadId", l2, "action", "dealWon", "occurredAt", "2025-06-02T01:00:00Z",
                "deal", Map.of("dealId", "kgi-" + l2, "amount", new BigDecimal("19.99"), "currency", "USD")));
        // lead-service's stage changes, as it announces them after the feedback above.
        moved(l1, LifecycleStage.MQL, LifecycleStage.SQL, "2025-05-07T01:00:00Z");             // Wed after Golden Week
        moved(l2, LifecycleStage.MQL, LifecycleStage.SQL, "2025-05-07T01:00:00Z");
        moved(l1, LifecycleStage.SQL, LifecycleStage.OPPORTUNITY, "2025-05-09T01:00:00Z");
        moved(l1, LifecycleStage.OPPORTUNITY, LifecycleStage.CUSTOMER, "2025-05-12T01:00:00Z");
        await().atMost(WAIT).until(() -> ((Number) admin().get("/kgi/2025-05?teamId=" + teamId).then().extract()
                .path("metrics.find { it.metric == 'opportunities' }.actual")).intValue() == 1);

        as(TestJwt.MARKETING, "marketing-1").body(Map.of("targets", List.of(Map.of("metric", "mqls", "value", 10),
                Map.of("metric", "revenue", "currency", "JPY", "value", 2000000)))).queryParam("teamId", teamId)
                .put("/targets/2025-05").then().statusCode(200);
        assertProblem(as(TestJwt.MARKETING, "marketing-1").body(Map.of("targets", List.of(Map.of("metric", "revenue",
                "value", 1)))).put("/targets/2025-05").then(), 400).body("errors[0].field", equalTo("targets.currency"));
        assertProblem(as(TestJwt.SALES, rep).body(Map.of("targets", List.of(Map.of("metric", "mqls", "value", 1))))
                .put("/targets/2025-05").then(), 403);

        admin().queryParam("teamId", teamId).get("/kgi/2025-05").then().statusCode(200)
                .body("elapsed", equalTo(1))
                .body("metrics.find { it.metric == 'mqls' }.actual", equalTo(4))
                .body("metrics.find { it.metric == 'mqls' }.target", equalTo(10))
                .body("metrics.find { it.metric == 'mqls' }.projected", equalTo(4))
                .body("metrics.find { it.metric == 'sqls' }.actual", equalTo(2))
                .body("metrics.find { it.metric == 'opportunities' }.actual", equalTo(1))
                .body("metrics.find { it.metric == 'deals_won' }.actual", equalTo(1))
                .body("metrics.find { it.metric == 'revenue' && it.currency == 'JPY' }.actual", equalTo(1200000))
                .body("metrics.find { it.metric == 'revenue' && it.currency == 'JPY' }.attainment", equalTo(0.6f))
                .body("metrics.findAll { it.currency == 'USD' }.size()", equalTo(0))
                .body("funnel[0].rate", equalTo(0.5f))
                .body("funnel[1].rate", equalTo(0.5f))
                .body("funnel[2].rate", equalTo(1))
                // 5/1 10:00–18:00, 5/2 09:00–18:00, 5/7 09:00–10:00 = 18 h = 2 business days of 9 h.
                .body("velocity[0].medianBusinessDays", equalTo(2))
                .body("by.source.find { it.value == '展示会' }.sqls", equalTo(2))
                .body("by.source.find { it.value == '展示会' }.revenue.JPY", equalTo("1200000"))
                .body("by.team.find { it.value == '" + teamId + "' }.mqls", equalTo(4));
        admin().get("/kgi/2025-06").then().statusCode(200)
                .body("metrics.find { it.metric == 'revenue' && it.currency == 'USD' }.actual", equalTo(19.99f));
        assertProblem(admin().get("/kgi/2025-13").then(), 400).body("errors[0].field", equalTo("period"));
        assertProblem(admin().get("/kgi/2025-Q2?teamId=nope").then(), 404);

        as(TestJwt.MARKETING, "marketing-1").queryParam("from", "2025-05-01T00:00:00Z").queryParam("to", "2025-06-01T00:00:00Z")
                .get("/insights/rejections").then().statusCode(200)
                .body("rejected", equalTo(1)).body("accepted", equalTo(2))
                .body("reasons[0].reasonCode", equalTo("too_early"))
                .body("attributes.find { it.attribute == 'source' && it.value == 'web' }.rejected", equalTo(1))
                .body("attributes.find { it.attribute == 'source' && it.value == '展示会' }.lift", equalTo(0.0f));

        as(TestJwt.MARKETING, "marketing-1").body(Map.of("isoWeek", "2025-W19", "title", "展示会リードの質を議論"))
                .post("/agenda").then().statusCode(201).body("side", equalTo("marketing"));
        assertProblem(as(TestJwt.SALES, rep).body(Map.of("isoWeek", "2025-W19", "title", "x", "side", "marketing"))
                .post("/agenda").then(), 400);
        admin().get("/digests/2025-W19").then().statusCode(200)
                .body("thisWeek.sqls", equalTo(2)).body("thisWeek.opportunities", equalTo(1))
                // the deal was won on Mon 5/12 10:00 JST: week 20, not this one
                .body("thisWeek.dealsWon", equalTo(0)).body("lastWeek.mqls", equalTo(4))
                .body("rejections[0].labelJa", equalTo("時期尚早"))
                .body("rejections[0].examples[0].repId", equalTo(rep))
                .body("rejections[0].examples[0].repName", equalTo("佐藤"))
                .body("agenda.title", hasItem("展示会リードの質を議論"));
        admin().accept("text/html").get("/digests/2025-W19").then().statusCode(200)
                .contentType(containsString("text/html")).body(containsString("時期尚早")).body(containsString("（佐藤）"))
                .body(containsString("展示会リードの質を議論"));
        assertProblem(admin().get("/digests/2025-W60").then(), 400).body("errors[0].field", equalTo("isoWeek"));

        SmtpResource.clear();
        assertTrue(digests.mailWeek("2025-W19"));
        assertEquals(false, digests.mailWeek("2025-W19"), "a week is mailed once");
        List<MimeMessage> mail = SmtpResource.awaitReceived(2, Duration.ofSeconds(20));
        assertEquals("【Tandem】週次アライメント 2025-W19（営業・マーケティング）", mail.get(0).getSubject());
        var parts = (jakarta.mail.internet.MimeMultipart) mail.get(0).getContent();
        String text = null;
        for (int i = 0; i < parts.getCount(); i++) {
            if (parts.getBodyPart(i).isMimeType("text/plain")) {
                text = (String) parts.getBodyPart(i).getContent();
            }
        }
        assertNotNull(text, "the digest mail has a text part");
        assertTrue(text.contains("却下 時期尚早: "), text);
        assertTrue(text.contains("（佐藤）: 来期予算"), "the rejection's example names the lead, the rep and the note: " + text);
    }
}
