package dev.tandem.lead.messaging;

import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.CloudEvents;
import dev.tandem.events.LeadQualified;
import dev.tandem.events.LeadStageChanged;
import dev.tandem.events.ScoreChanged;
import dev.tandem.events.TandemEvent;
import dev.tandem.events.Topics;
import dev.tandem.lead.Api;
import dev.tandem.testing.TestJwt;
import dev.tandem.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.tandem.lead.Api.as;
import static dev.tandem.lead.Api.createLead;
import static dev.tandem.lead.Api.uniqueEmail;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The consumers read in batches: many events sent in one go (one flush, so they arrive in one poll) — with a
 * redelivered event and a poison record among them — each take effect exactly once, and the poison record alone is
 * dead-lettered.
 */
@QuarkusTest
class BatchConsumptionTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static ProducerRecord<String, byte[]> record(TandemEvent event) {
        return CloudEvents.toRecord(event, "test");
    }

    private static ProducerRecord<String, byte[]> poison(String topic, String key) {
        return new ProducerRecord<>(topic, key, "{not an event".getBytes(StandardCharsets.UTF_8));
    }

    private static ScoreChanged score(String leadId, Instant at, double total) {
        return new ScoreChanged(UUID.randomUUID(), at, leadId, 1, "m", 1, true, total, total, 0, "B", null, null);
    }

    @Test
    void scoreAndStageEventsOfOneBatchApplyOnceAndAPoisonRecordIsDeadLettered() {
        String twice = createLead(uniqueEmail("batch-twice"));
        String scored = createLead(uniqueEmail("batch-scored"));
        String both = createLead(uniqueEmail("batch-both"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        LeadQualified qualified = new LeadQualified(UUID.randomUUID(), now, twice, 1, "m", 1, 75, 30);
        try (TopicProbe leadEvents = TopicProbe.fromNow(Topics.LEAD_EVENTS);
             TopicProbe dlq = TopicProbe.fromNow(Topics.deadLetterOf(Topics.SCORE_EVENTS))) {
            Api.sendAll(List.of(
                    record(qualified),
                    record(qualified),
                    record(score(twice, now, 75)),
                    poison(Topics.SCORE_EVENTS, scored),
                    record(score(scored, now.minusSeconds(20), 40)),
                    record(score(scored, now.minusSeconds(10), 55)),
                    record(score(both, now, 80)),
                    // Older than the score before it: it never replaces a newer score.
                    record(score(both, now.minusSeconds(30), 5)),
                    record(new LeadQualified(UUID.randomUUID(), now, both, 1, "m", 1, 80, 30))));

            // Each lead's last event shows that the ones before it (same key, same partition) were processed.
            await().atMost(WAIT).until(() -> as(TestJwt.ADMIN).get("/leads/" + twice).path("score") != null
                    && "mql".equals(as(TestJwt.ADMIN).get("/leads/" + both).path("stage")));
            await().atMost(WAIT).until(() ->
                    Float.valueOf(55).equals(as(TestJwt.ADMIN).get("/leads/" + scored).path("score")));
            as(TestJwt.ADMIN).get("/leads/" + both).then().body("score", equalTo(80.0f));
            as(TestJwt.ADMIN).get("/leads/" + twice).then().body("stage", equalTo("mql"));
            as(TestJwt.ADMIN).get("/leads/" + twice + "/history").then()
                    .body("cause", contains("created", "LeadQualified"));

            assertEquals(1, dlq.awaitRecords(r -> scored.equals(r.key()), 1, WAIT).size());
            leadEvents.awaitEvent(LeadStageChanged.class, e -> e.leadId().equals(both), WAIT);
            assertEquals(1, leadEvents.eventsAfter(Duration.ofMillis(500), LeadStageChanged.class,
                    e -> e.leadId().equals(twice)).size());
        }
    }

    @Test
    void timelineEntriesOfOneBatchAreStoredOnceAndAPoisonRecordIsDeadLettered() {
        String id = createLead(uniqueEmail("batch-timeline"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        ActivityRecorded redelivered = new ActivityRecorded(UUID.randomUUID(), now.minusSeconds(60), id, 1,
                "page_view", null, "web", Map.of("url", "/pricing"));
        records.add(record(redelivered));
        records.add(poison(Topics.ACTIVITY_EVENTS, id));
        for (int i = 0; i < 50; i++) {
            records.add(record(new ActivityRecorded(UUID.randomUUID(), now.minusSeconds(i), id, 1, "page_view", null,
                    "web", Map.of("url", "/p/" + i))));
        }
        records.add(record(redelivered));
        // Last on the lead's partition: once it shows, everything before it was processed.
        records.add(record(new ActivityRecorded(UUID.randomUUID(), now.minusSeconds(120), id, 1, "chat", null, "web",
                Map.of())));
        try (TopicProbe dlq = TopicProbe.fromNow(Topics.deadLetterOf(Topics.ACTIVITY_EVENTS))) {
            Api.sendAll(records);
            await().atMost(WAIT).until(() -> timelineTotal(id, "?types=chat") == 1);
            assertEquals(1, dlq.awaitRecords(r -> id.equals(r.key()), 1, WAIT).size());
        }
        assertEquals(51, timelineTotal(id, "?types=page_view"), "each event once, the redelivered one too");
        as(TestJwt.ADMIN).get("/leads/" + id).then().body("lastActivityAt", equalTo(now.toString()));
    }

    private static int timelineTotal(String id, String query) {
        return as(TestJwt.ADMIN).get("/leads/" + id + "/timeline" + query).then().statusCode(200)
                .extract().path("total");
    }
}
