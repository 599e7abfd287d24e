package dev.tandem.platform.outbox;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.tandem.events.CloudEvents;
import dev.tandem.events.EventJson;
import dev.tandem.events.LeadErased;
import dev.tandem.events.TandemEvent;
import dev.tandem.platform.http.RequestId;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.bson.types.Binary;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Narrow unit test of the relay's bookkeeping with Kafka's MockProducer (to make sends fail on demand);
 * services test it end to end against the real broker.
 */
class OutboxRelayTest {

    private MongoServer server;
    private MongoClient client;
    private MongoCollection<Document> leads;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create(server.bindAndGetConnectionString());
        leads = client.getDatabase("t").getCollection("leads");
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void publishesPendingEventsInOrderThenRemovesThem() {
        TandemEvent first = erased("L1");
        TandemEvent second = erased("L1");
        leads.insertOne(new Document("_id", "L1").append("name", "山田")
                .append(OutboxRelay.FIELD, PendingEvent.outbox(List.of(PendingEvent.of(first), PendingEvent.of(second)))));
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

        assertEquals(2, new OutboxRelay(leads, producer, "lead-service").publish(List.of("L1")));

        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertEquals(List.of(first.eventId().toString(), second.eventId().toString()),
                sent.stream().map(r -> CloudEvents.header(r.headers(), "ce_id")).toList());
        assertEquals("lead.events", sent.get(0).topic());
        assertEquals("L1", sent.get(0).key());
        assertEquals("lead-service", CloudEvents.header(sent.get(0).headers(), "ce_source"));
        Document stored = leads.find(Filters.eq("_id", "L1")).first();
        assertEquals(List.of(), pendingIds("L1"));
        assertEquals("山田", stored.getString("name"));
    }

    @Test
    void anEventARequestCausedIsPublishedWithThatRequestsId() {
        TandemEvent caused = erased("L20");
        TandemEvent background = erased("L20");
        MDC.put(RequestId.MDC_KEY, "req-20");
        PendingEvent fromRequest;
        try {
            fromRequest = PendingEvent.of(caused);
        } finally {
            MDC.remove(RequestId.MDC_KEY);
        }
        leads.insertOne(new Document("_id", "L20"));
        leads.updateOne(Filters.eq("_id", "L20"), Updates.combine(fromRequest.add(), PendingEvent.of(background).add()));
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

        assertEquals(2, new OutboxRelay(leads, producer, "lead-service").publish(List.of("L20")));

        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertEquals("req-20", CloudEvents.header(sent.get(0).headers(), CloudEvents.H_REQUEST_ID));
        assertArrayEquals(EventJson.toBytes(caused), sent.get(0).value());
        assertEquals(null, CloudEvents.header(sent.get(1).headers(), CloudEvents.H_REQUEST_ID));
        assertEquals(List.of(), pendingIds("L20"));
    }

    @Test
    void publishesEntriesStoredAsStringsByEarlierVersionsAndAsBinary() {
        TandemEvent older = erased("L12");
        TandemEvent newer = erased("L12");
        String olderJson = EventJson.toJson(older);
        leads.insertOne(new Document("_id", "L12").append(OutboxRelay.FIELD, new Document(older.eventId().toString(), olderJson)
                .append(newer.eventId().toString(), new Binary(EventJson.toBytes(newer)))));
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

        assertEquals(2, new OutboxRelay(leads, producer, "lead-service").publish(List.of("L12")));

        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertEquals(olderJson, new String(sent.get(0).value(), StandardCharsets.UTF_8));
        assertArrayEquals(EventJson.toBytes(newer), sent.get(1).value());
        assertEquals(List.of(), pendingIds("L12"));
    }

    @Test
    void keepsEverythingPendingWhenKafkaFailsAndPublishesItOnTheNextPass() {
        TandemEvent event = erased("L2");
        leads.insertOne(new Document("_id", "L2").append(OutboxRelay.FIELD, PendingEvent.outbox(List.of(PendingEvent.of(event)))));
        MockProducer<String, byte[]> failing = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer()) {
            @Override
            public synchronized void flush() {
                while (errorNext(new org.apache.kafka.common.errors.TimeoutException("broker down"))) {
                    // fail every send waiting for its acknowledgement
                }
            }
        };
        OutboxRelay relay = new OutboxRelay(leads, failing, "lead-service");

        assertThrows(OutboxPublishException.class, () -> relay.publish(List.of("L2")));
        assertEquals(1, pendingIds("L2").size());

        MockProducer<String, byte[]> healthy = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        assertEquals(1, new OutboxRelay(leads, healthy, "lead-service").sweep(100));
        assertEquals(event.eventId().toString(), CloudEvents.header(healthy.history().get(0).headers(), "ce_id"));
        assertEquals(0, new OutboxRelay(leads, healthy, "lead-service").sweep(100));
    }

    @Test
    void anEventAddedWhilePublishingStaysPending() {
        TandemEvent early = erased("L3");
        leads.insertOne(new Document("_id", "L3").append(OutboxRelay.FIELD, PendingEvent.outbox(List.of(PendingEvent.of(early)))));
        TandemEvent late = erased("L3");
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()) {
            @Override
            public synchronized void flush() {
                // Another request changes the lead between our read and our removal.
                leads.updateOne(Filters.eq("_id", "L3"), PendingEvent.of(late).add());
                super.flush();
            }
        };
        new OutboxRelay(leads, producer, "lead-service").publish(List.of("L3"));
        assertEquals(List.of(late.eventId().toString()), pendingIds("L3"));
    }

    @Test
    void sweepsWhenDueOnlyAtStartAfterAFailureOrAfterTheSafetyInterval() {
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        OutboxRelay relay = new OutboxRelay(leads, producer, "lead-service", java.time.Duration.ofHours(1));
        leads.insertOne(new Document("_id", "L4").append(OutboxRelay.FIELD, PendingEvent.outbox(List.of(PendingEvent.of(erased("L4"))))));
        assertEquals(1, relay.sweepIfDue(100), "a fresh relay sweeps: a crash may have left events");

        leads.insertOne(new Document("_id", "L5").append(OutboxRelay.FIELD, PendingEvent.outbox(List.of(PendingEvent.of(erased("L5"))))));
        assertEquals(0, relay.sweepIfDue(100), "nothing failed and the interval has not passed");

        MockProducer<String, byte[]> failing = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer()) {
            @Override
            public synchronized void flush() {
                while (errorNext(new org.apache.kafka.common.errors.TimeoutException("broker down"))) {
                    // fail every send
                }
            }
        };
        OutboxRelay flaky = new OutboxRelay(leads, failing, "lead-service", java.time.Duration.ofHours(1));
        assertThrows(OutboxPublishException.class, () -> flaky.sweepIfDue(100));
        assertThrows(OutboxPublishException.class, () -> flaky.sweepIfDue(100), "a failed pass makes the next one due");

        OutboxRelay eager = new OutboxRelay(leads, producer, "lead-service", java.time.Duration.ZERO);
        eager.sweep(100);
        leads.insertOne(new Document("_id", "L6").append(OutboxRelay.FIELD, PendingEvent.outbox(List.of(PendingEvent.of(erased("L6"))))));
        assertEquals(1, eager.sweepIfDue(100), "the safety interval has passed");
    }

    @Test
    void publishWrittenSendsWhatTheWriterHoldsAndRemovesExactlyThat() {
        TandemEvent written = erased("L9");
        TandemEvent older = erased("L9");
        leads.insertOne(new Document("_id", "L9").append(OutboxRelay.FIELD,
                PendingEvent.outbox(List.of(PendingEvent.of(older), PendingEvent.of(written)))));
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

        assertEquals(1, new OutboxRelay(leads, producer, "scoring-service").publishWritten(java.util.Map.of("L9", List.of(PendingEvent.of(written)))));

        assertEquals(written.eventId().toString(), CloudEvents.header(producer.history().get(0).headers(), "ce_id"));
        assertEquals(List.of(older.eventId().toString()), pendingIds("L9"));
    }

    @Test
    void publishSkipsDocumentsWithNothingPending() {
        leads.insertOne(new Document("_id", "L7").append(OutboxRelay.FIELD, new Document()));
        leads.insertOne(new Document("_id", "L8"));
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        assertEquals(0, new OutboxRelay(leads, producer, "lead-service").publish(List.of("L7", "L8", "missing")));
        assertEquals(List.of(), producer.history());
    }

    @Test
    void deferredRemovalLeavesPublishedEntriesForTheWritersNextWriteAndTheSweepSkipsThem() {
        TandemEvent written = erased("L10");
        leads.insertOne(new Document("_id", "L10").append(OutboxRelay.FIELD, PendingEvent.outbox(List.of(PendingEvent.of(written)))));
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        MutableClock clock = new MutableClock();
        AcknowledgedEvents acknowledged = new AcknowledgedEvents(clock);
        OutboxRelay relay = new OutboxRelay(leads, producer, "scoring-service", OutboxRelay.DEFAULT_SAFETY_INTERVAL,
                acknowledged, Duration.ofMinutes(2));

        assertEquals(1, relay.publishWritten(Map.of("L10", List.of(PendingEvent.of(written)))));

        assertEquals(1, pendingIds("L10").size(), "no write of its own: the entry waits for the lead's next write");
        assertEquals(Set.of(written.eventId().toString()), acknowledged.of("L10"));
        assertEquals(0, relay.sweep(100), "a sweep does not publish what Kafka already acknowledged");
        assertEquals(1, producer.history().size());
        assertEquals(List.of(written.eventId().toString()), pendingIds("L10"), "nor removes it before the delay");

        clock.advance(Duration.ofMinutes(3));
        assertEquals(0, relay.sweep(100));
        assertEquals(List.of(), pendingIds("L10"), "the lead went quiet: the sweep removes the entry");
        assertEquals(1, producer.history().size(), "published exactly once");
    }

    @Test
    void aSweepThatGotAheadOfTheAfterWritePublishIsNotFollowedByASecondSend() {
        TandemEvent written = erased("L12");
        leads.insertOne(new Document("_id", "L12").append(OutboxRelay.FIELD, PendingEvent.outbox(List.of(PendingEvent.of(written)))));
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        OutboxRelay relay = new OutboxRelay(leads, producer, "lead-service", OutboxRelay.DEFAULT_SAFETY_INTERVAL,
                new AcknowledgedEvents(), Duration.ofMinutes(2));

        // The writer's after-write publish waits while a sweep finds the entry and publishes it first.
        assertEquals(1, relay.sweep(100));
        assertEquals(0, relay.publishWritten(Map.of("L12", List.of(PendingEvent.of(written)))));

        assertEquals(1, producer.history().size(), "published exactly once");
    }

    @Test
    void afterARestartTheSweepPublishesWhatWasStillStoredAgain() {
        TandemEvent written = erased("L11");
        leads.insertOne(new Document("_id", "L11").append(OutboxRelay.FIELD, PendingEvent.outbox(List.of(PendingEvent.of(written)))));
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        new OutboxRelay(leads, producer, "scoring-service", OutboxRelay.DEFAULT_SAFETY_INTERVAL, new AcknowledgedEvents(),
                Duration.ofMinutes(2)).publishWritten(Map.of("L11", List.of(PendingEvent.of(written))));

        OutboxRelay restarted = new OutboxRelay(leads, producer, "scoring-service", OutboxRelay.DEFAULT_SAFETY_INTERVAL,
                new AcknowledgedEvents(), Duration.ofMinutes(2));
        assertEquals(1, restarted.sweepIfDue(100), "at least once: the restarted relay cannot know it was published");
        assertEquals(List.of(), pendingIds("L11"));
        assertEquals(2, producer.history().size());
    }

    @Test
    void theSweepPagesThroughEveryDocumentInChunks() {
        for (int i = 0; i < 25; i++) {
            leads.insertOne(new Document("_id", String.format("P%02d", i))
                    .append(OutboxRelay.FIELD, PendingEvent.outbox(List.of(PendingEvent.of(erased("P" + i))))));
        }
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        assertEquals(25, new OutboxRelay(leads, producer, "lead-service").sweep(10));
        assertEquals(0, leads.countDocuments(Filters.ne(OutboxRelay.FIELD, new Document())));
    }

    private List<String> pendingIds(String leadId) {
        return PendingEvent.of(leads.find(Filters.eq("_id", leadId)).first()).stream().map(PendingEvent::eventId).toList();
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.now();

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static TandemEvent erased(String leadId) {
        return new LeadErased(UUID.randomUUID(), Instant.now(), leadId, 1, "admin-1");
    }
}
