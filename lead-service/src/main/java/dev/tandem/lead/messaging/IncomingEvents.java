package dev.tandem.lead.messaging;

import dev.tandem.events.EventJson;
import dev.tandem.events.TandemEvent;
import dev.tandem.events.Topics;
import dev.tandem.lead.service.LeadEffects;
import dev.tandem.lead.service.TimelineService;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Every topic lead-service reads, in batches (a backlog of 100k events is worked off in a few hundred store round
 * trips, not 100k). A record that is not a valid event of its topic is nacked and goes to {@code <topic>.dlq}
 * (failure-strategy=dead-letter-queue) while the rest of its batch is applied. If applying a batch fails, its events
 * are applied one by one, so only an event that fails on its own is dead-lettered. Effects are idempotent:
 * timeline entries are keyed by event id, stage and score changes record the event id they applied.
 */
@ApplicationScoped
public class IncomingEvents {

    public static final String ACTIVITY_EVENTS = "activity-events";
    public static final String LEAD_EVENTS = "lead-events";
    public static final String NURTURE_EVENTS = "nurture-events";
    public static final String SCORE_EVENTS = "score-events";
    public static final String FEEDBACK_EVENTS = "feedback-events";

    private static final Logger LOG = Logger.getLogger(IncomingEvents.class);

    @Inject
    TimelineService timeline;

    @Inject
    LeadEffects effects;

    /** One thread per channel: the store work of a channel's batches runs in order, off the Kafka poll thread. */
    private final Map<String, ExecutorService> workers = new ConcurrentHashMap<>();

    @PreDestroy
    void stop() {
        workers.values().forEach(ExecutorService::shutdown);
    }

    @Incoming(ACTIVITY_EVENTS)
    public Uni<Void> onActivities(KafkaRecordBatch<String, byte[]> batch) {
        return handle(ACTIVITY_EVENTS, batch, timeline::record);
    }

    @Incoming(LEAD_EVENTS)
    public Uni<Void> onLeadEvents(KafkaRecordBatch<String, byte[]> batch) {
        return handle(LEAD_EVENTS, batch, timeline::record);
    }

    @Incoming(NURTURE_EVENTS)
    public Uni<Void> onNurtureEvents(KafkaRecordBatch<String, byte[]> batch) {
        // Effects first: an event in the timeline has taken its effect.
        return handle(NURTURE_EVENTS, batch, events -> {
            effects.apply(events);
            timeline.record(events);
        });
    }

    @Incoming(SCORE_EVENTS)
    public Uni<Void> onScoreEvents(KafkaRecordBatch<String, byte[]> batch) {
        return handle(SCORE_EVENTS, batch, effects::apply);
    }

    @Incoming(FEEDBACK_EVENTS)
    public Uni<Void> onFeedbackEvents(KafkaRecordBatch<String, byte[]> batch) {
        return handle(FEEDBACK_EVENTS, batch, effects::apply);
    }

    private record Received(KafkaRecord<String, byte[]> record, TandemEvent event) {
    }

    private Uni<Void> handle(String channel, KafkaRecordBatch<String, byte[]> batch,
                             Consumer<List<TandemEvent>> apply) {
        ExecutorService worker = workers.computeIfAbsent(channel,
                name -> Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "lead-" + name)));
        return Uni.createFrom().completionStage(() -> CompletableFuture.runAsync(() -> {
            List<Received> received = new ArrayList<>(batch.getRecords().size());
            List<CompletableFuture<Void>> deadLettered = new ArrayList<>();
            for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
                try {
                    received.add(new Received(record, parse(record)));
                } catch (RuntimeException e) {
                    deadLettered.add(deadLetter(record, e));
                }
            }
            try {
                if (!received.isEmpty()) {
                    apply.accept(received.stream().map(Received::event).toList());
                }
            } catch (RuntimeException batchFailed) {
                LOG.warnf("applying a batch of %d %s events failed (%s); applying them one by one",
                        received.size(), channel, batchFailed);
                for (Received one : received) {
                    try {
                        apply.accept(List.of(one.event()));
                    } catch (RuntimeException e) {
                        deadLettered.add(deadLetter(one.record(), e));
                    }
                }
            }
            CompletableFuture.allOf(deadLettered.toArray(CompletableFuture[]::new)).join();
        }, worker)).onItem().transformToUni(done -> Uni.createFrom().completionStage(batch.ack()));
    }

    private static TandemEvent parse(KafkaRecord<String, byte[]> record) {
        if (record.getPayload() == null) {
            throw new IllegalArgumentException("a record without a body");
        }
        return EventJson.fromBytes(record.getPayload(), Topics.contractOf(record.getTopic()));
    }

    private static CompletableFuture<Void> deadLetter(KafkaRecord<String, byte[]> record, RuntimeException cause) {
        LOG.warnf("dead-lettering a record of %s-%d: %s", record.getTopic(), record.getPartition(), cause.getMessage());
        return record.nack(cause).toCompletableFuture();
    }
}
