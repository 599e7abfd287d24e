package dev.tandem.platform.intake;

import com.mongodb.MongoInterruptedException;
import dev.tandem.events.EventFormatException;
import dev.tandem.events.EventJson;
import dev.tandem.events.TandemEvent;
import dev.tandem.events.Topics;
import dev.tandem.platform.store.StoreFailures;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * How a service applies the batches its Kafka channels receive. Each record is parsed on its own: one that is not a
 * valid event of its topic is dead-lettered ({@code <topic>.dlq}) and the rest of the batch is applied. A store that
 * cannot be reached (MongoDB down, no primary) is waited out: the batch is applied again after a growing pause for as
 * long as that takes, never dead-lettered, since nothing is wrong with its events; meanwhile the connector stops
 * fetching, and the channel's health check reports the stall once records have waited too long. Any other failure
 * is narrowed down by applying the batch's events one at a time: only an event that fails on its own is
 * dead-lettered. Appliers must be idempotent, since a batch applied again starts from its first event.
 *
 * <p>Counted per channel, for alerts: records dead-lettered ({@code tandem_intake_dead_lettered_total}) and attempts
 * that found the store unreachable ({@code tandem_intake_store_waits_total}).
 */
public final class EventIntake implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EventIntake.class.getName());

    private final String service;
    private final MeterRegistry meters;
    private final Duration firstPause;
    private final Duration longestPause;
    /** One thread per channel: a channel's batches are applied in order, off the connector's polling thread. */
    private final Map<String, ExecutorService> workers = new ConcurrentHashMap<>();

    /** {@code service} names the worker threads. */
    public EventIntake(String service, MeterRegistry meters) {
        this(service, meters, Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    EventIntake(String service, MeterRegistry meters, Duration firstPause, Duration longestPause) {
        this.service = service;
        this.meters = meters;
        this.firstPause = firstPause;
        this.longestPause = longestPause;
    }

    /** Applies a batch of {@code channel} on that channel's thread, then acknowledges it. */
    public Uni<Void> take(String channel, KafkaRecordBatch<String, byte[]> batch, Consumer<List<TandemEvent>> apply) {
        List<Received> records = new ArrayList<>(batch.getRecords().size());
        batch.getRecords().forEach(record -> records.add(new KafkaReceived(record)));
        return Uni.createFrom().completionStage(() -> apply(channel, records, apply))
                .onItem().transformToUni(done -> Uni.createFrom().completionStage(batch.ack()));
    }

    /**
     * Completes once every record is applied or dead-lettered; never, if the service stops meanwhile: the batch is
     * then neither acknowledged nor dead-lettered, and Kafka delivers it again after the restart.
     */
    CompletableFuture<Void> apply(String channel, List<? extends Received> records, Consumer<List<TandemEvent>> apply) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ExecutorService worker = workers.computeIfAbsent(channel,
                name -> Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, service + "-" + name)));
        worker.execute(() -> {
            try {
                applyNow(channel, records, apply);
                done.complete(null);
            } catch (Stopped stopped) {
                LOG.log(System.Logger.Level.INFO, "stopped while applying {0} records of {1}; Kafka delivers them again",
                        records.size(), channel);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private void applyNow(String channel, List<? extends Received> records, Consumer<List<TandemEvent>> apply) {
        List<Received> parsed = new ArrayList<>(records.size());
        List<TandemEvent> events = new ArrayList<>(records.size());
        List<CompletableFuture<Void>> deadLettered = new ArrayList<>();
        for (Received record : records) {
            try {
                if (record.body() == null) {
                    throw new EventFormatException("a record without a body", null);
                }
                events.add(EventJson.fromBytes(record.body(), Topics.contractOf(record.topic())));
                parsed.add(record);
            } catch (RuntimeException e) {
                deadLettered.add(deadLetter(channel, record, e));
            }
        }
        if (!events.isEmpty()) {
            RuntimeException failure = applyWaitingOutTheStore(channel, events, apply);
            if (failure != null) {
                LOG.log(System.Logger.Level.WARNING, "applying a batch of {0} {1} events failed ({2}); applying them "
                        + "one by one", events.size(), channel, failure.toString());
                for (int i = 0; i < events.size(); i++) {
                    RuntimeException alone = applyWaitingOutTheStore(channel, List.of(events.get(i)), apply);
                    if (alone != null) {
                        deadLettered.add(deadLetter(channel, parsed.get(i), alone));
                    }
                }
            }
        }
        CompletableFuture.allOf(deadLettered.toArray(CompletableFuture[]::new)).join();
    }

    /** Applies the events, again and again while the store cannot be reached; returns any other failure. */
    private RuntimeException applyWaitingOutTheStore(String channel, List<TandemEvent> events,
                                                     Consumer<List<TandemEvent>> apply) {
        Duration pause = firstPause;
        for (int attempt = 1; ; attempt++) {
            try {
                apply.accept(events);
                return null;
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted() || causedBy(e, MongoInterruptedException.class)) {
                    throw new Stopped();
                }
                if (!StoreFailures.unreachable(e)) {
                    return e;
                }
                meters.counter("tandem.intake.store.waits", "channel", channel).increment();
                LOG.log(System.Logger.Level.WARNING, "the store cannot be reached (attempt {0}, {1} events of {2}), "
                        + "trying again in {3} ms: {4}", attempt, events.size(), channel, pause.toMillis(), e.toString());
            }
            try {
                TimeUnit.MILLISECONDS.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopped();
            }
            Duration doubled = pause.multipliedBy(2);
            pause = doubled.compareTo(longestPause) > 0 ? longestPause : doubled;
        }
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> kind) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (kind.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private CompletableFuture<Void> deadLetter(String channel, Received record, RuntimeException cause) {
        meters.counter("tandem.intake.dead.lettered", "channel", channel).increment();
        LOG.log(System.Logger.Level.WARNING, "dead-lettering a record of {0}-{1}: {2}", record.topic(),
                record.partition(), cause.getMessage());
        return record.deadLetter(cause).toCompletableFuture();
    }

    /** Stops every channel's thread; a batch waiting for the store is left to be delivered again. */
    @Override
    public void close() {
        workers.values().forEach(ExecutorService::shutdownNow);
    }

    /** What the intake needs of a received record. */
    interface Received {
        String topic();

        int partition();

        byte[] body();

        CompletionStage<Void> deadLetter(Throwable cause);
    }

    private record KafkaReceived(KafkaRecord<String, byte[]> record) implements Received {
        @Override
        public String topic() {
            return record.getTopic();
        }

        @Override
        public int partition() {
            return record.getPartition();
        }

        @Override
        public byte[] body() {
            return record.getPayload();
        }

        @Override
        public CompletionStage<Void> deadLetter(Throwable cause) {
            // failure-strategy=dead-letter-queue: a nacked record goes to <topic>.dlq with the reason in its headers.
            return record.nack(cause);
        }
    }

    private static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped", null, false, false);
        }
    }
}
