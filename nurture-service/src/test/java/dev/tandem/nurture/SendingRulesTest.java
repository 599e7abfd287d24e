package dev.tandem.nurture;

import dev.tandem.events.EmailBounced;
import dev.tandem.events.EmailComplained;
import dev.tandem.events.EmailSent;
import dev.tandem.events.LeadErased;
import dev.tandem.events.LeadsMerged;
import dev.tandem.events.Topics;
import dev.tandem.nurture.service.SendEngine;
import dev.tandem.nurture.service.TrackingService;
import dev.tandem.testing.SmtpResource;
import dev.tandem.testing.TopicProbe;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.tandem.nurture.Fixtures.ADMIN;
import static dev.tandem.nurture.Fixtures.MARKETING;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class SendingRulesTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SendEngine engine;

    @Inject
    TrackingService tracking;

    @Inject
    jakarta.persistence.EntityManager em;

    @Test
    void theFrequencyCapHoldsAcrossCampaigns() throws Exception {
        String template = Fixtures.japaneseTemplate("cap", "https://example.com/cap");
        for (int i = 0; i < 3; i++) {
            Fixtures.activeCampaign(Fixtures.oneEmailCampaign("cap-" + i, template, "cap"));
        }
        try (TopicProbe nurture = TopicProbe.fromNow(Topics.NURTURE_EVENTS)) {
            String leadId = Fixtures.lead("capped@example.com", "cap", null);
            nurture.awaitEvents(EmailSent.class, e -> e.leadId().equals(leadId), 2, Duration.ofSeconds(20));
            assertEquals(0, nurture.eventsAfter(Duration.ofSeconds(3), EmailSent.class, e -> e.leadId().equals(leadId))
                    .size() - 2, "only two of three campaigns may mail the lead this week");
            List<Map<String, Object>> enrollments = Fixtures.enrollments(leadId);
            assertEquals(3, enrollments.size());
            List<Map<String, Object>> waiting = enrollments.stream().filter(e -> "active".equals(e.get("state"))).toList();
            assertEquals(1, waiting.size());
            Instant next = Instant.parse((String) waiting.get(0).get("nextSendAt"));
            assertTrue(next.isAfter(Instant.now().plus(Duration.ofDays(6))), "waits until the cap frees: " + next);
        }
    }

    @Test
    void eightClaimersOnOneDatabaseSendEachStepOnce() throws Exception {
        String template = Fixtures.japaneseTemplate("many", "https://example.com/many");
        Fixtures.activeCampaign(Fixtures.oneEmailCampaign("many", template, "many"));
        List<String> leads = new ArrayList<>();
        // Extra claimers in the test beside the service's own four sender threads, all on one database.
        ExecutorService claimers = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        for (int i = 0; i < 4; i++) {
            running.add(claimers.submit(() -> {
                while (!stop.get()) {
                    engine.processOne();
                }
                return null;
            }));
        }
        try {
            List<dev.tandem.events.TandemEvent> events = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                String leadId = "many" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
                leads.add(leadId);
                events.add(new dev.tandem.events.LeadCreated(UUID.randomUUID(), Instant.now(), leadId, 1,
                        Fixtures.profile("many-" + i + "@example.com", "many", null)));
            }
            Fixtures.publish(events.toArray(dev.tandem.events.TandemEvent[]::new));
            await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from send_log s join enrollment e"
                    + " on e.id = s.enrollment_id where e.lead_id like 'many%'") == 150);
            stop.set(true);
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            stop.set(true);
            claimers.shutdown();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> SmtpResource.received().stream()
                .filter(m -> NurtureFlowTest.recipient(m).startsWith("many-")).count() >= 150);
        Map<String, Long> perRecipient = new java.util.HashMap<>();
        for (MimeMessage m : SmtpResource.received()) {
            String to = NurtureFlowTest.recipient(m);
            if (to.startsWith("many-")) {
                perRecipient.merge(to, 1L, Long::sum);
            }
        }
        assertEquals(150, perRecipient.size());
        assertTrue(perRecipient.values().stream().allMatch(n -> n == 1), "a recipient got two: " + perRecipient);
    }

    @Test
    void anUnsubscribeThatHoldsTheLeadWhileTheSendIsClaimedStopsIt() throws Exception {
        String template = Fixtures.japaneseTemplate("race", "https://example.com/race");
        Fixtures.activeCampaign("""
                {"name": "race", "trigger": {"type": "leadCreated", "conditions": [{"name": "attributes.test", "value": "race", "op": "eq"}]},
                 "window": %s,
                 "steps": [{"id": "one", "type": "email", "templateId": "%s", "next": "w"},
                           {"id": "w", "type": "wait", "duration": "PT10S", "next": "two"},
                           {"id": "two", "type": "email", "templateId": "%s"}]}""".formatted(Fixtures.allWeek(), template, template));
        try (TopicProbe nurture = TopicProbe.fromNow(Topics.NURTURE_EVENTS)) {
            String leadId = Fixtures.lead("race@example.com", "race", null);
            EmailSent first = nurture.awaitEvent(EmailSent.class, e -> e.leadId().equals(leadId), Duration.ofSeconds(20));
            MimeMessage message = NurtureFlowTest.to("race@example.com");
            String header = message.getHeader("List-Unsubscribe")[0];
            String[] parts = header.substring(header.indexOf("/t/u/") + 5, header.indexOf('>')).split("/");
            QuarkusTransaction.begin();
            try {
                // The unsubscribe starts: it holds the lead's row. The second email falls due, a sender claims it
                // and waits for that row; the unsubscribe completes and commits while the send is claimed.
                em.createNativeQuery("select lead_id from lead_contact where lead_id = ?1 for update")
                        .setParameter(1, leadId).getResultList();
                await().atMost(Duration.ofSeconds(40)).until(() -> count("select count(*) from pg_stat_activity"
                        + " where wait_event_type = 'Lock' and query like '%lead_contact%'") >= 1);
                tracking.unsubscribe(UUID.fromString(parts[0]), parts[1]);
            } finally {
                QuarkusTransaction.commit();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> "unsubscribed".equals(Fixtures.enrollments(leadId).get(0).get("exitReason")));
            assertEquals(0, nurture.eventsAfter(Duration.ofSeconds(2), EmailSent.class,
                    e -> e.leadId().equals(leadId) && e.stepId().equals("two")).size());
            assertEquals(1, SmtpResource.received().stream().filter(m -> NurtureFlowTest.recipient(m).equals("race@example.com")).count());
            assertEquals(first.messageId(), parts[0]);
        }
    }

    @Test
    void bouncesAndComplaintsSuppressAndPauseTheCampaignWithItsReason() throws Exception {
        String template = Fixtures.japaneseTemplate("bounce", "https://example.com/b");
        String campaign = Fixtures.activeCampaign(Fixtures.oneEmailCampaign("bounce", template, "bounce"));
        try (TopicProbe nurture = TopicProbe.fromNow(Topics.NURTURE_EVENTS)) {
            List<dev.tandem.events.TandemEvent> events = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                events.add(new dev.tandem.events.LeadCreated(UUID.randomUUID(), Instant.now(),
                        "bounce" + i + UUID.randomUUID().toString().substring(0, 8), 1,
                        Fixtures.profile("bounce-" + i + "@example.com", "bounce", null)));
            }
            Fixtures.publish(events.toArray(dev.tandem.events.TandemEvent[]::new));
            List<EmailSent> sent = nurture.awaitEvents(EmailSent.class, e -> e.campaignId().equals(campaign), 20, Duration.ofSeconds(40));

            String unsigned = "{\"events\": [{\"type\": \"bounce\", \"messageId\": \"" + sent.get(0).messageId() + "\", \"bounceType\": \"hard\"}]}";
            given().contentType(ContentType.JSON).body(unsigned).post("/webhooks/email-events").then().statusCode(401)
                    .contentType("application/problem+json");
            given().contentType(ContentType.JSON).header("X-Tandem-Signature", "sha256=" + hmac("{}")).body("{}")
                    .post("/webhooks/email-events").then().statusCode(400).body("errors[0].field", equalTo("events"));
            String bad = "{\"events\": [{\"type\": \"bounce\", \"messageId\": \"x\", \"bounceType\": \"medium\"}]}";
            given().contentType(ContentType.JSON).header("X-Tandem-Signature", "sha256=" + hmac(bad)).body(bad)
                    .post("/webhooks/email-events").then().statusCode(400)
                    .body("errors.field", org.hamcrest.Matchers.hasItems("events[0].messageId", "events[0].bounceType"));
            given().auth().oauth2(MARKETING).get("/campaigns/" + campaign).then().body("state", equalTo("active"));

            String body = "{\"events\": [{\"type\": \"bounce\", \"messageId\": \"" + sent.get(0).messageId()
                    + "\", \"bounceType\": \"hard\", \"reason\": \"550 5.1.1 user unknown\"},"
                    + " {\"type\": \"bounce\", \"messageId\": \"<" + sent.get(1).messageId() + "@nurture.tandem.local>\", \"bounceType\": \"hard\"},"
                    + " {\"type\": \"complaint\", \"messageId\": \"" + sent.get(2).messageId() + "\"}]}";
            given().contentType(ContentType.JSON).header("X-Tandem-Signature", "sha256=" + hmac(body)).body(body)
                    .post("/webhooks/email-events").then().statusCode(200).body("applied", equalTo(3));
            EmailBounced bounced = nurture.awaitEvent(EmailBounced.class, e -> e.messageId().equals(sent.get(0).messageId()),
                    Duration.ofSeconds(10));
            assertEquals("hard", bounced.bounceType().code());
            nurture.awaitEvent(EmailComplained.class, e -> e.messageId().equals(sent.get(2).messageId()), Duration.ofSeconds(10));
            given().auth().oauth2(MARKETING).get("/campaigns/" + campaign).then().statusCode(200)
                    .body("state", equalTo("paused"))
                    .body("stateReason", containsString("hard bounces"));
            assertEquals(3, count("select count(*) from suppression where email like 'bounce-%'"));

            given().auth().oauth2(MARKETING).get("/campaigns/" + campaign + "/stats").then().statusCode(200)
                    .body("steps[0].stepId", equalTo("first"))
                    .body("steps[0].sent", equalTo(20))
                    .body("steps[0].delivered", equalTo(18))
                    .body("steps[0].hardBounces", equalTo(2))
                    .body("steps[0].complaints", equalTo(1));
        }
    }

    @Test
    void erasePurgesTheLeadAndMergeMovesEnrolmentsWithoutASecondSend() throws Exception {
        String template = Fixtures.japaneseTemplate("merge", "https://example.com/m");
        String campaign = Fixtures.activeCampaign("""
                {"name": "merge", "trigger": {"type": "leadCreated", "conditions": [{"name": "attributes.test", "op": "eq", "value": "merge"}]},
                 "window": %s,
                 "steps": [{"id": "one", "type": "email", "templateId": "%s", "next": "w"},
                           {"id": "w", "type": "wait", "duration": "PT1H", "next": "two"},
                           {"id": "two", "type": "email", "templateId": "%s"}]}""".formatted(Fixtures.allWeek(), template, template));
        try (TopicProbe nurture = TopicProbe.fromNow(Topics.NURTURE_EVENTS)) {
            String kept = Fixtures.lead("kept@example.com", "merge", null);
            String gone = Fixtures.lead("gone@example.com", "merge", null);
            nurture.awaitEvents(EmailSent.class, e -> e.campaignId().equals(campaign), 2, Duration.ofSeconds(20));
            Fixtures.publish(new LeadsMerged(UUID.randomUUID(), Instant.now(), kept, 1, gone, "marketing-1"));
            await().atMost(Duration.ofSeconds(20)).until(() -> "merged".equals(Fixtures.enrollments(gone).stream()
                    .findFirst().map(e -> e.get("exitReason")).orElse(null)));
            List<Map<String, Object>> keptEnrollments = Fixtures.enrollments(kept);
            assertEquals(1, keptEnrollments.size());
            assertEquals("w", keptEnrollments.get(0).get("stepId"));
            assertEquals(2, count("select count(*) from send_log where lead_id = '" + kept + "'"), "the send log moved");

            String erased = Fixtures.lead("erase.me@example.com", "merge", null);
            nurture.awaitEvent(EmailSent.class, e -> e.leadId().equals(erased), Duration.ofSeconds(20));
            Fixtures.publish(new LeadErased(UUID.randomUUID(), Instant.now(), erased, 1, "admin-1"));
            await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(ADMIN).queryParam("leadId", erased)
                    .get("/enrollments").statusCode() == 404);
            assertEquals(0, count("select count(*) from send_log where email = 'erase.me@example.com' or lead_id = '" + erased + "'"));
            assertEquals(0, count("select count(*) from enrollment where lead_id = '" + erased + "'"));
            assertEquals(0, count("select count(*) from lead_contact where lead_id = '" + erased + "'"));
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String hmac(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("local-development-webhook-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
