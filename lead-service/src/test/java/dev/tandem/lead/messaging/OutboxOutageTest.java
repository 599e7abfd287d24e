package dev.tandem.lead.messaging;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import dev.tandem.events.LeadCreated;
import dev.tandem.events.LeadUpdated;
import dev.tandem.events.Topics;
import dev.tandem.platform.outbox.PendingEvent;
import dev.tandem.lead.repository.LeadRepository;
import dev.tandem.testing.RestartableKafkaBroker;
import dev.tandem.testing.TestJwt;
import dev.tandem.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.tandem.lead.Api.as;
import static dev.tandem.lead.Api.createLead;
import static dev.tandem.lead.Api.uniqueEmail;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The outbox relay publishes to a broker of its own that the test stops and restarts: a change made while Kafka
 * is down is answered at once, stays pending in the lead document, and arrives exactly once when Kafka is back.
 * Sweeps run every second here and remove a published import event after 1 s (deferred removal).
 */
@QuarkusTest
@TestProfile(OutboxOutageTest.OutageProfile.class)
class OutboxOutageTest {

    @Inject
    MongoClient mongo;

    public static class OutageProfile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RestartableKafkaBroker.class, Map.of(
                    RestartableKafkaBroker.PROPERTY, "tandem.lead.outbox.bootstrap-servers",
                    "tandem.lead.outbox.sweep-every", "1s",
                    "tandem.lead.outbox.safety-interval", "1s",
                    "tandem.lead.outbox.removal-delay", "1s")));
        }
    }

    private List<PendingEvent> pending(String id) {
        Document lead = mongo.getDatabase("tandem_leads").getCollection(LeadRepository.COLLECTION)
                .find(Filters.eq("_id", id)).first();
        return PendingEvent.of(lead);
    }

    @Test
    void aChangeMadeWhileKafkaIsDownArrivesExactlyOnceWhenKafkaIsBack() {
        String id = createLead(uniqueEmail("outage"));
        try (TopicProbe probe = TopicProbe.fromBeginning(RestartableKafkaBroker.bootstrap(), Topics.LEAD_EVENTS)) {
            probe.awaitEvent(LeadCreated.class, e -> e.leadId().equals(id), Duration.ofSeconds(20));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> pending(id).isEmpty());

        RestartableKafkaBroker.down();
        as(TestJwt.MARKETING).body(Map.of("jobTitle", "Head of Growth")).patch("/leads/" + id)
                .then().statusCode(200).body("jobTitle", equalTo("Head of Growth"));
        as(TestJwt.MARKETING).get("/leads/" + id).then().body("jobTitle", equalTo("Head of Growth"));
        // Several relay passes fail meanwhile; the event stays in the lead's outbox.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> pending(id).size() == 1);

        RestartableKafkaBroker.up();
        try (TopicProbe probe = TopicProbe.fromBeginning(RestartableKafkaBroker.bootstrap(), Topics.LEAD_EVENTS)) {
            LeadUpdated updated = probe.awaitEvent(LeadUpdated.class, e -> e.leadId().equals(id), Duration.ofSeconds(60));
            assertEquals("Head of Growth", updated.lead().jobTitle());
            await().atMost(Duration.ofSeconds(10)).until(() -> pending(id).isEmpty());
            List<LeadUpdated> all = probe.eventsAfter(Duration.ofSeconds(4), LeadUpdated.class, e -> e.leadId().equals(id));
            assertEquals(1, all.size(), "LeadUpdated must arrive exactly once");
            assertEquals(updated.eventId(), all.get(0).eventId());
        }
    }

    private static String importOne(String email, String campaign) {
        return as(TestJwt.MARKETING).contentType("text/csv").body("email,campaign\n" + email + "," + campaign + "\n")
                .post("/leads/import").then().statusCode(200).body("created", equalTo(1)).extract().path("id");
    }

    @Test
    void anImportedLeadNobodyWritesAgainLosesItsPublishedEventToTheSweepAndItArrivesOnce() {
        String campaign = "quiet-" + UUID.randomUUID();
        try (TopicProbe probe = TopicProbe.fromBeginning(RestartableKafkaBroker.bootstrap(), Topics.LEAD_EVENTS)) {
            importOne(uniqueEmail("quiet"), campaign);
            String id = probe.awaitEvent(LeadCreated.class, e -> campaign.equals(e.lead().campaign()),
                    Duration.ofSeconds(20)).leadId();
            // Several sweeps run meanwhile: they remove the entry once it is older than the delay, never resend it.
            await().atMost(Duration.ofSeconds(15)).until(() -> pending(id).isEmpty());
            assertEquals(1, probe.eventsAfter(Duration.ofSeconds(4), LeadCreated.class, e -> e.leadId().equals(id)).size());
        }
    }

    @Test
    void anImportMadeWhileKafkaIsDownIsPublishedExactlyOnceWhenKafkaIsBack() {
        String campaign = "import-outage-" + UUID.randomUUID();
        RestartableKafkaBroker.down();
        String email = uniqueEmail("import-outage");
        importOne(email, campaign);
        String id = as(TestJwt.MARKETING).queryParam("campaign", campaign).get("/leads").path("items[0].id");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> pending(id).size() == 1);

        RestartableKafkaBroker.up();
        try (TopicProbe probe = TopicProbe.fromBeginning(RestartableKafkaBroker.bootstrap(), Topics.LEAD_EVENTS)) {
            probe.awaitEvent(LeadCreated.class, e -> e.leadId().equals(id), Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(10)).until(() -> pending(id).isEmpty());
            assertEquals(1, probe.eventsAfter(Duration.ofSeconds(4), LeadCreated.class, e -> e.leadId().equals(id)).size(),
                    "LeadCreated must arrive exactly once");
        }
    }
}
