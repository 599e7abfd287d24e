package dev.tandem.lead.messaging;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import dev.tandem.events.LeadCreated;
import dev.tandem.events.LeadUpdated;
import dev.tandem.events.Topics;
import dev.tandem.events.outbox.PendingEvent;
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

import static dev.tandem.lead.Api.as;
import static dev.tandem.lead.Api.createLead;
import static dev.tandem.lead.Api.uniqueEmail;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The outbox relay publishes to a broker of its own that the test stops and restarts: a change made while Kafka
 * is down is answered at once, stays pending in the lead document, and arrives exactly once when Kafka is back.
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
                    "tandem.lead.outbox.sweep-every", "1s")));
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
}
