package dev.tandem.scoring.messaging;

import dev.tandem.events.EventJson;
import dev.tandem.events.EventFormatException;
import dev.tandem.events.TandemEvent;
import dev.tandem.events.Topics;
import dev.tandem.scoring.service.OutcomeService;
import dev.tandem.scoring.service.ScoringService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Consumes lead.events, activity.events and feedback.events in batches. Each record is parsed on its own: a poison
 * record goes to its topic's dead-letter queue and the rest of the batch is still applied, in one bulk write.
 * Store work runs on one worker thread per channel, so batches of a channel are applied in order.
 */
@ApplicationScoped
public class EventBatchConsumer {

    private static final Logger LOG = Logger.getLogger(EventBatchConsumer.class);
    private static final int STORE_ATTEMPTS = 5;

    @Inject
    ScoringService scoring;
    @Inject
    OutcomeService outcomes;

    private final ExecutorService activityWorker = Executors.newSingleThreadExecutor(r -> new Thread(r, "scoring-activities"));
    private final ExecutorService leadWorker = Executors.newSingleThreadExecutor(r -> new Thread(r, "scoring-leads"));
    private final ExecutorService feedbackWorker = Executors.newSingleThreadExecutor(r -> new Thread(r, "scoring-feedback"));

    @PreDestroy
    void stop() {
        activityWorker.shutdown();
        leadWorker.shutdown();
        feedbackWorker.shutdown();
    }

    @Incoming(Channels.ACTIVITIES)
    public Uni<Void> onActivities(KafkaRecordBatch<String, byte[]> batch) {
        return handle(batch, activityWorker, scoring::apply);
    }

    @Incoming(Channels.LEADS)
    public Uni<Void> onLeads(KafkaRecordBatch<String, byte[]> batch) {
        return handle(batch, leadWorker, scoring::apply);
    }

    @Incoming(Channels.FEEDBACK)
    public Uni<Void> onFeedback(KafkaRecordBatch<String, byte[]> batch) {
        return handle(batch, feedbackWorker, outcomes::record);
    }

    /** A store outage is retried here rather than dead-lettering valid events; a persistent one fails the batch. */
    private static void applyWithRetry(Consumer<List<TandemEvent>> apply, List<TandemEvent> events) {
        for (int attempt = 1; ; attempt++) {
            try {
                apply.accept(events);
                return;
            } catch (RuntimeException e) {
                if (attempt >= STORE_ATTEMPTS) {
                    throw e;
                }
                LOG.warnf("applying %d events failed (attempt %d), retrying: %s", events.size(), attempt, e.toString());
                try {
                    TimeUnit.MILLISECONDS.sleep(200L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private Uni<Void> handle(KafkaRecordBatch<String, byte[]> batch, ExecutorService worker,
                             Consumer<List<TandemEvent>> apply) {
        return Uni.createFrom().completionStage(() -> CompletableFuture.runAsync(() -> {
            List<TandemEvent> events = new ArrayList<>(batch.getRecords().size());
            List<CompletableFuture<Void>> deadLettered = new ArrayList<>();
            for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
                try {
                    if (record.getPayload() == null) {
                        throw new EventFormatException("record without a body", null);
                    }
                    events.add(EventJson.fromBytes(record.getPayload(), Topics.contractOf(record.getTopic())));
                } catch (EventFormatException | IllegalArgumentException e) {
                    LOG.warnf("dead-lettering a record of %s-%d: %s", record.getTopic(), record.getPartition(),
                            e.getMessage());
                    deadLettered.add(record.nack(e).toCompletableFuture());
                }
            }
            if (!events.isEmpty()) {
                applyWithRetry(apply, events);
            }
            CompletableFuture.allOf(deadLettered.toArray(CompletableFuture[]::new)).join();
        }, worker)).onItem().transformToUni(done -> Uni.createFrom().completionStage(batch.ack()));
    }
}
