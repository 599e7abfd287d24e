package dev.tandem.scoring;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import dev.tandem.events.ScoreChanged;
import dev.tandem.events.Topics;
import dev.tandem.platform.outbox.PendingEvent;
import dev.tandem.scoring.repository.LeadRepository;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.tandem.scoring.Fixtures.activity;
import static dev.tandem.scoring.Fixtures.as;
import static dev.tandem.scoring.Fixtures.send;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Score events go out through a broker of their own that the test stops: a score computed while it is down is
 * stored with its event in the lead's outbox, and the event arrives exactly once when the broker is back.
 */
@QuarkusTest
@TestProfile(ScoreOutboxOutageTest.OutageProfile.class)
class ScoreOutboxOutageTest {

    @Inject
    MongoClient mongo;

    public static class OutageProfile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RestartableKafkaBroker.class, Map.of(
                            RestartableKafkaBroker.PROPERTY, "tandem.scoring.outbox-bootstrap-servers",
                            "tandem.scoring.outbox-sweep-every", "1s")));
        }
    }

    private List<PendingEvent> pending(String leadId) {
        Document lead = mongo.getDatabase("tandem_scoring").getCollection(LeadRepository.COLLECTION)
                .find(Filters.eq("_id", leadId)).first();
        return lead == null ? List.of() : PendingEvent.of(lead);
    }

    @Test
    void aScoreComputedWhileKafkaIsDownIsPublishedExactlyOnceWhenKafkaIsBack() {
        String modelId = Fixtures.createAndPublish(Fixtures.model("Outage", 60));
        String lead = "lead-" + UUID.randomUUID();

        RestartableKafkaBroker.down();
        send(activity(lead, "form_submit", Instant.now(), Map.of("form", "demo")));
        // Scored and stored at once; the event waits in the outbox through several failed relay passes.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as(TestJwt.MARKETING).get("/scores/" + lead)
                .then().statusCode(200));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(60)).until(() -> !pending(lead).isEmpty());

        RestartableKafkaBroker.up();
        try (TopicProbe probe = TopicProbe.fromBeginning(RestartableKafkaBroker.bootstrap(), Topics.SCORE_EVENTS)) {
            ScoreChanged changed = probe.awaitEvent(ScoreChanged.class,
                    e -> e.leadId().equals(lead) && e.modelId().equals(modelId), Duration.ofSeconds(90));
            assertEquals(60.0, changed.total());
            // Several sweeps (every second) pass meanwhile: none may send it again.
            List<ScoreChanged> all = probe.eventsAfter(Duration.ofSeconds(5), ScoreChanged.class,
                    e -> e.leadId().equals(lead) && e.modelId().equals(modelId));
            assertEquals(1, all.size(), "ScoreChanged must arrive exactly once");
            assertEquals(changed.eventId(), all.get(0).eventId());
        }
    }
}
