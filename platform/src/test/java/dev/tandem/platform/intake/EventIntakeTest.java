package dev.tandem.platform.intake;

import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.EventJson;
import dev.tandem.events.TandemEvent;
import dev.tandem.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The intake's policy, with records that note being dead-lettered and appliers that fail on purpose. */
class EventIntakeTest {

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final EventIntake intake = new EventIntake("test", meters, Duration.ofMillis(1), Duration.ofMillis(20));
    /** Every event applied, in the batches it was applied in. */
    private final List<List<String>> applied = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        intake.close();
    }

    private static final class Record implements EventIntake.Received {
        private final byte[] body;
        private final String eventId;
        private volatile Throwable deadLettered;

        Record(byte[] body, String eventId) {
            this.body = body;
            this.eventId = eventId;
        }

        static Record activity() {
            ActivityRecorded event = new ActivityRecorded(UUID.randomUUID(), Instant.parse("2026-11-27T09:00:00Z"),
                    "lead-1", TandemEvent.SCHEMA_VERSION, "page_view", null, "web", Map.of("url", "/料金"));
            return new Record(EventJson.toBytes(event), event.eventId().toString());
        }

        @Override
        public String topic() {
            return Topics.ACTIVITY_EVENTS;
        }

        @Override
        public int partition() {
            return 0;
        }

        @Override
        public byte[] body() {
            return body;
        }

        @Override
        public CompletionStage<Void> deadLetter(Throwable cause) {
            deadLettered = cause;
            return CompletableFuture.completedFuture(null);
        }
    }

    private Consumer<List<TandemEvent>> recording(Consumer<List<TandemEvent>> before) {
        return events -> {
            before.accept(events);
            applied.add(events.stream().map(event -> event.eventId().toString()).toList());
        };
    }

    private static List<String> ids(Record... records) {
        List<String> ids = new ArrayList<>();
        for (Record record : records) {
            ids.add(record.eventId);
        }
        return ids;
    }

    @Test
    void aRecordThatIsNoEventIsDeadLetteredAndTheRestOfItsBatchApplied() throws Exception {
        Record first = Record.activity();
        Record poison = new Record("{\"not\": \"an event\"".getBytes(StandardCharsets.UTF_8), null);
        Record empty = new Record(null, null);
        Record last = Record.activity();

        intake.apply("activities", List.of(first, poison, empty, last), recording(events -> { }))
                .get(5, TimeUnit.SECONDS);

        assertEquals(List.of(ids(first, last)), applied);
        assertTrue(poison.deadLettered != null && empty.deadLettered != null);
        assertTrue(empty.deadLettered.getMessage().contains("without a body"), empty.deadLettered.getMessage());
        assertTrue(first.deadLettered == null && last.deadLettered == null);
        assertEquals(2.0, count("tandem.intake.dead.lettered"));
    }

    private double count(String counter) {
        return meters.counter(counter, "channel", "activities").count();
    }

    @Test
    void aStoreThatCannotBeReachedIsWaitedOutAndNothingIsDeadLettered() throws Exception {
        Record first = Record.activity();
        Record second = Record.activity();
        AtomicInteger attempts = new AtomicInteger();
        // Longer than any fixed number of retries would wait: the store comes back on the 30th attempt.
        Consumer<List<TandemEvent>> storeDownFor29Attempts = events -> {
            int attempt = attempts.incrementAndGet();
            if (attempt < 10) {
                throw new MongoSocketReadException("connection reset", new ServerAddress());
            }
            if (attempt < 30) {
                throw new IllegalStateException("wrapped", new MongoTimeoutException("no server within 1000 ms"));
            }
        };

        intake.apply("activities", List.of(first, second), recording(storeDownFor29Attempts)).get(10, TimeUnit.SECONDS);

        assertEquals(30, attempts.get());
        assertEquals(29.0, count("tandem.intake.store.waits"));
        assertEquals(0.0, count("tandem.intake.dead.lettered"));
        assertEquals(List.of(ids(first, second)), applied);
        assertTrue(first.deadLettered == null && second.deadLettered == null);
    }

    @Test
    void anEventThatFailsOnItsOwnIsDeadLetteredAndTheOthersApplied() throws Exception {
        Record good = Record.activity();
        Record bad = Record.activity();
        Record alsoGood = Record.activity();
        Consumer<List<TandemEvent>> failsWithBad = events -> {
            if (events.stream().anyMatch(event -> event.eventId().toString().equals(bad.eventId))) {
                throw new IllegalStateException("cannot apply " + bad.eventId);
            }
        };

        intake.apply("activities", List.of(good, bad, alsoGood), recording(failsWithBad)).get(5, TimeUnit.SECONDS);

        assertEquals(List.of(ids(good), ids(alsoGood)), applied);
        assertTrue(bad.deadLettered.getMessage().contains(bad.eventId));
        assertEquals(1.0, count("tandem.intake.dead.lettered"));
        assertTrue(good.deadLettered == null && alsoGood.deadLettered == null);
    }

    @Test
    void aBatchWaitingForTheStoreWhenTheServiceStopsIsNeitherAcknowledgedNorDeadLettered() throws Exception {
        Record record = Record.activity();
        CompletableFuture<Void> done = intake.apply("activities", List.of(record), events -> {
            throw new MongoSocketReadException("connection reset", new ServerAddress());
        });
        TimeUnit.MILLISECONDS.sleep(100);

        intake.close();

        assertThrows(TimeoutException.class, () -> done.get(500, TimeUnit.MILLISECONDS));
        assertFalse(done.isDone());
        assertTrue(record.deadLettered == null);
    }

    @Test
    void batchesOfOneChannelAreAppliedInOrder() throws Exception {
        List<Record> records = new ArrayList<>();
        List<CompletableFuture<Void>> batches = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Record record = Record.activity();
            records.add(record);
            batches.add(intake.apply("activities", List.of(record), recording(events -> { })));
        }
        CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);

        assertEquals(records.stream().map(record -> List.of(record.eventId)).toList(), applied);
    }
}
