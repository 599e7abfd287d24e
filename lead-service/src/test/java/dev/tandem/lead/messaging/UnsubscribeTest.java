package dev.tandem.lead.messaging;

import dev.tandem.events.EmailSent;
import dev.tandem.events.LeadUpdated;
import dev.tandem.events.Topics;
import dev.tandem.events.Unsubscribed;
import dev.tandem.lead.Api;
import dev.tandem.testing.TestJwt;
import dev.tandem.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.tandem.lead.Api.as;
import static dev.tandem.lead.Api.createLead;
import static dev.tandem.lead.Api.uniqueEmail;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** An unsubscribe from nurture mail withdraws the lead's email consent, once, and tells the other services. */
@QuarkusTest
class UnsubscribeTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static int timelineTotal(String id, String types) {
        return as(TestJwt.ADMIN).get("/leads/" + id + "/timeline?types=" + types).then().statusCode(200)
                .extract().path("total");
    }

    /** An EmailSent after the events sent before it (same lead, same partition): once in the timeline, they are applied. */
    private static void awaitAppliedUpTo(String id) {
        String messageId = "marker-" + UUID.randomUUID();
        Api.send(new EmailSent(UUID.randomUUID(), Instant.now(), id, 1, "camp-1", "step-1", messageId, "件名"));
        await().atMost(WAIT).until(() -> timelineTotal(id, "email_sent") >= 1);
    }

    @Test
    void anEmailUnsubscribeWithdrawsConsentOnceAndIsAnnounced() {
        Instant consentAt = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
        String id = createLead(Map.of("email", uniqueEmail("unsub"), "lastName", "山本", "company", "株式会社テスト",
                "consent", Map.of("email", true, "at", consentAt.toString(), "source", "展示会")));
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Unsubscribed unsubscribed = new Unsubscribed(UUID.randomUUID(), at, id, 1, "camp-1", "msg-1", "email");
        try (TopicProbe probe = TopicProbe.fromNow(Topics.LEAD_EVENTS)) {
            Api.send(unsubscribed);
            Api.send(unsubscribed);
            awaitAppliedUpTo(id);

            as(TestJwt.MARKETING).get("/leads/" + id).then().statusCode(200)
                    .body("consent.email", equalTo(false))
                    .body("consent.source", equalTo("unsubscribe"))
                    .body("consent.at", equalTo(at.toString()))
                    .body("company", equalTo("株式会社テスト"));
            LeadUpdated updated = probe.awaitEvent(LeadUpdated.class, e -> e.leadId().equals(id), WAIT);
            assertEquals(false, updated.lead().emailConsent());
            assertEquals(List.of("consent"), updated.changedFields());
            assertEquals("山本", updated.lead().lastName());
            assertEquals(1, probe.eventsAfter(Duration.ofMillis(500), LeadUpdated.class,
                    e -> e.leadId().equals(id)).size(), "the redelivered unsubscribe announces nothing more");
        }
        assertEquals(1, timelineTotal(id, "unsubscribed"));
    }

    @Test
    void aConsentGivenAfterTheUnsubscribeStandsAndOtherChannelsLeaveEmailAlone() {
        Instant consentAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String id = createLead(Map.of("email", uniqueEmail("optin"),
                "consent", Map.of("email", true, "at", consentAt.toString(), "source", "web form")));
        try (TopicProbe probe = TopicProbe.fromNow(Topics.LEAD_EVENTS)) {
            Api.send(new Unsubscribed(UUID.randomUUID(), consentAt.minus(1, ChronoUnit.DAYS), id, 1, "camp-1", "msg-2",
                    "email"));
            Api.send(new Unsubscribed(UUID.randomUUID(), Instant.now(), id, 1, "camp-1", "msg-3", "sms"));
            awaitAppliedUpTo(id);

            as(TestJwt.MARKETING).get("/leads/" + id).then().statusCode(200)
                    .body("consent.email", equalTo(true))
                    .body("consent.source", equalTo("web form"))
                    .body("consent.at", equalTo(consentAt.toString()));
            assertEquals(0, probe.eventsAfter(Duration.ofMillis(500), LeadUpdated.class,
                    e -> e.leadId().equals(id)).size());
        }
        assertEquals(2, timelineTotal(id, "unsubscribed"));
    }
}
