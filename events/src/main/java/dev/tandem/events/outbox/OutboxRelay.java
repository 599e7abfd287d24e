package dev.tandem.events.outbox;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.tandem.events.CloudEvents;
import dev.tandem.events.TandemEvent;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes the events that documents of one collection carry in their {@value #FIELD} array, then removes
 * exactly those entries. A crash between the two publishes them again on the next pass: delivery is at least
 * once, and consumers deduplicate by event id.
 *
 * <p>Services call {@link #publish} right after a write (low latency) and {@link #sweepIfDue} on a schedule to
 * catch up after a crash or a Kafka outage. A sweep has to look at every document (the local Mongo-wire server
 * builds no index on {@code outbox}), so it runs only when it can find something: at start (a crash may have left
 * events behind), after a failed pass, and otherwise once per {@code safetyInterval} (another replica may have
 * crashed).
 *
 * <p>Documents are looked up by {@code _id} alone: the local Mongo-wire server uses the {@code _id} index only for
 * a filter on {@code _id} and nothing else; real MongoDB is as fast either way.
 */
public final class OutboxRelay {

    public static final String FIELD = "outbox";

    private static final long ACK_TIMEOUT_SECONDS = 30;

    /** How often a sweep runs when nothing failed. */
    public static final Duration DEFAULT_SAFETY_INTERVAL = Duration.ofMinutes(1);

    private final MongoCollection<Document> collection;
    private final Producer<String, byte[]> producer;
    private final String source;
    private final Duration safetyInterval;
    private volatile boolean sweepNeeded = true;
    private volatile Instant lastSweep = Instant.MIN;

    /**
     * @param producer should use {@code acks=all} and idempotence, so a retry keeps one lead's events in order
     * @param source   the CloudEvents {@code source}: the producing service's name
     */
    public OutboxRelay(MongoCollection<Document> collection, Producer<String, byte[]> producer, String source) {
        this(collection, producer, source, DEFAULT_SAFETY_INTERVAL);
    }

    public OutboxRelay(MongoCollection<Document> collection, Producer<String, byte[]> producer, String source,
                       Duration safetyInterval) {
        this.collection = collection;
        this.producer = producer;
        this.source = source;
        this.safetyInterval = safetyInterval;
    }

    /** Publishes the pending events of these documents; returns how many were acknowledged by Kafka. */
    public int publish(Collection<?> documentIds) {
        if (documentIds.isEmpty()) {
            return 0;
        }
        return publishFrom(Filters.in("_id", documentIds), Integer.MAX_VALUE);
    }

    /** Publishes the pending events of up to {@code maxDocuments} documents, whoever wrote them. */
    public int sweep(int maxDocuments) {
        sweepNeeded = false;
        lastSweep = Instant.now();
        return publishFrom(hasPending(), maxDocuments);
    }

    /** Sweeps (see {@link #sweep}) when a sweep can find something, else returns 0 at once. */
    public int sweepIfDue(int maxDocuments) {
        boolean due = sweepNeeded || Instant.now().isAfter(lastSweep.plus(safetyInterval));
        return due ? sweep(maxDocuments) : 0;
    }

    private static Bson hasPending() {
        return Filters.and(Filters.exists(FIELD), Filters.ne(FIELD, List.of()));
    }

    private int publishFrom(Bson filter, int maxDocuments) {
        List<Document> found = collection.find(filter)
                .projection(Projections.include(FIELD))
                .sort(Sorts.ascending("_id"))
                .limit(maxDocuments == Integer.MAX_VALUE ? 0 : maxDocuments)
                .into(new ArrayList<>());
        Map<Object, List<TandemEvent>> pending = new LinkedHashMap<>();
        for (Document document : found) {
            List<Document> entries = document.getList(FIELD, Document.class, List.of());
            if (!entries.isEmpty()) {
                pending.put(document.get("_id"), entries.stream().map(e -> PendingEvent.fromDocument(e).event()).toList());
            }
        }
        return publishWritten(pending);
    }

    /**
     * Publishes events the caller has just written into these documents' outboxes (keyed by {@code _id}, in
     * order), without reading them back, then removes them from the outboxes. For a writer that wants its events
     * out at once; whatever this misses stays pending for {@link #sweep}.
     */
    public int publishWritten(Map<?, ? extends List<? extends TandemEvent>> eventsByDocument) {
        if (eventsByDocument.isEmpty()) {
            return 0;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        List<WriteModel<Document>> removals = new ArrayList<>();
        eventsByDocument.forEach((id, events) -> {
            List<String> sent = new ArrayList<>();
            for (TandemEvent event : events) {
                acks.add(producer.send(CloudEvents.toRecord(event, source)));
                sent.add(event.eventId().toString());
            }
            removals.add(new UpdateOneModel<>(Filters.eq("_id", id), Updates.pull(FIELD, Filters.in("eventId", sent))));
        });
        producer.flush();
        try {
            awaitAll(acks);
        } catch (OutboxPublishException e) {
            sweepNeeded = true;
            throw e;
        }
        collection.bulkWrite(removals);
        return acks.size();
    }

    private static void awaitAll(List<Future<RecordMetadata>> acks) {
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutboxPublishException("interrupted while waiting for Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            // Nothing is removed: every event of this pass stays pending and goes out again on the next one.
            throw new OutboxPublishException("Kafka did not acknowledge the events: " + e.getMessage(), e);
        }
    }
}
