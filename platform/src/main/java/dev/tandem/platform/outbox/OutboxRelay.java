package dev.tandem.platform.outbox;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.tandem.events.CloudEvents;
import dev.tandem.platform.store.InSlices;
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
import java.util.concurrent.Future;

/**
 * Publishes the events that documents of one collection carry in their {@value #FIELD} (see {@link PendingEvent}), then removes
 * exactly those entries (at once, or with deferred removal when the writer next rewrites the document; see
 * {@link AcknowledgedEvents}). A crash between the two publishes them again on the next pass: delivery is at least
 * once, and consumers deduplicate by event id.
 *
 * <p>Services call {@link #publish} right after a write (low latency) and {@link #sweepIfDue} on a schedule to
 * catch up after a crash or a Kafka outage. A sweep has to look at every document (the local Mongo-wire server
 * builds no index on {@code outbox}), so it runs only when it can find something: at start (a crash may have left
 * events behind), after a failed pass, and otherwise once per {@code safetyInterval} (another replica may have
 * crashed).
 *
 * <p>One send at a time: sending and recording what was sent are synchronized, so an after-write publish and a
 * sweep do not send the same stored entry at once. A sweep reads the collection and removes entries acknowledged
 * long ago without that lock: after a burst that is every document written, and after-write publishing must not
 * wait for it (it held score events back by seconds).
 *
 * <p>Documents are looked up by {@code _id} alone: the local Mongo-wire server uses the {@code _id} index only for
 * a filter on {@code _id} and nothing else; real MongoDB is as fast either way.
 */
public final class OutboxRelay {

    public static final String FIELD = "outbox";


    /** How often a sweep runs when nothing failed. */
    public static final Duration DEFAULT_SAFETY_INTERVAL = Duration.ofMinutes(1);

    /** How long an acknowledged entry may stay in a document that is not rewritten before the sweep removes it. */
    public static final Duration DEFAULT_REMOVAL_DELAY = Duration.ofMinutes(2);

    /** How long acknowledged ids are remembered after their removal, for writers holding an older copy. */
    private static final Duration REMEMBER_REMOVED = Duration.ofHours(1);

    private final MongoCollection<Document> collection;
    private final Producer<String, byte[]> producer;
    private final String source;
    private final Duration safetyInterval;
    private final AcknowledgedEvents acknowledged;
    private final Duration removalDelay;
    private final Object sweeping = new Object();
    private volatile boolean sweepNeeded = true;
    private volatile Instant lastSweep = Instant.MIN;

    /**
     * Removes each entry right after Kafka acknowledged it.
     *
     * @param producer should use {@code acks=all} and idempotence, so a retry keeps one lead's events in order
     * @param source   the CloudEvents {@code source}: the producing service's name
     */
    public OutboxRelay(MongoCollection<Document> collection, Producer<String, byte[]> producer, String source) {
        this(collection, producer, source, DEFAULT_SAFETY_INTERVAL);
    }

    public OutboxRelay(MongoCollection<Document> collection, Producer<String, byte[]> producer, String source,
                       Duration safetyInterval) {
        this(collection, producer, source, safetyInterval, null, Duration.ZERO);
    }

    /**
     * Defers removal: {@link #publishWritten} only records what Kafka acknowledged in {@code acknowledged}, for the
     * writer's next rewrite of the document to leave out; the sweep removes entries acknowledged more than
     * {@code removalDelay} ago that are still stored. For a writer that rewrites its documents' whole outbox and
     * often writes the same document again (a lead's activity comes in bursts): it halves its writes.
     */
    public OutboxRelay(MongoCollection<Document> collection, Producer<String, byte[]> producer, String source,
                       Duration safetyInterval, AcknowledgedEvents acknowledged, Duration removalDelay) {
        this.collection = collection;
        this.producer = producer;
        this.source = source;
        this.safetyInterval = safetyInterval;
        this.acknowledged = acknowledged;
        this.removalDelay = removalDelay;
    }

    /** Publishes the pending events of these documents; returns how many were acknowledged by Kafka. */
    public synchronized int publish(Collection<?> documentIds) {
        int published = 0;
        for (List<?> slice : InSlices.of(documentIds)) {
            published += publishFrom(Filters.in("_id", slice), Integer.MAX_VALUE);
        }
        return published;
    }

    /**
     * Publishes the pending events of every document, whoever wrote them, {@code chunk} documents at a time, and
     * removes acknowledged entries older than the removal delay; returns how many events were published.
     */
    public int sweep(int chunk) {
        synchronized (sweeping) {
            sweepNeeded = false;
            lastSweep = Instant.now();
            int published = publishFrom(hasPending(), chunk);
            if (acknowledged != null) {
                acknowledged.forgetAcknowledgedBefore(acknowledged.now().minus(REMEMBER_REMOVED));
            }
            return published;
        }
    }

    /** Sweeps (see {@link #sweep}) when a sweep can find something, else returns 0 at once. */
    public int sweepIfDue(int chunk) {
        boolean due = sweepNeeded || Instant.now().isAfter(lastSweep.plus(safetyInterval));
        return due ? sweep(chunk) : 0;
    }

    private static Bson hasPending() {
        return Filters.and(Filters.exists(FIELD), Filters.ne(FIELD, new Document()));
    }

    private int publishFrom(Bson filter, int chunk) {
        int published = 0;
        Map<Object, List<PendingEvent>> pending = new LinkedHashMap<>();
        Map<Object, List<String>> stale = new LinkedHashMap<>();
        int seen = 0;
        // Unsorted: each document's entries are in write order, which is all the order there is to keep. The local
        // server sorts a whole result under the collection's lock: sorting every lead by id held scoring's writes
        // back for seconds in each sweep.
        for (Document document : collection.find(filter).projection(Projections.include(FIELD))
                .batchSize(Math.min(chunk, 10_000))) {
            Object id = document.get("_id");
            for (PendingEvent event : PendingEvent.of(document)) {
                Instant acknowledgedAt = acknowledged == null ? null : acknowledged.acknowledgedAt(id, event.eventId());
                if (acknowledgedAt == null) {
                    pending.computeIfAbsent(id, key -> new ArrayList<>()).add(event);
                } else if (acknowledgedAt.isBefore(acknowledged.now().minus(removalDelay))) {
                    stale.computeIfAbsent(id, key -> new ArrayList<>()).add(event.eventId());
                }
            }
            if (++seen % chunk == 0) {
                published += publishAndRemove(pending);
                remove(stale);
            }
        }
        published += publishAndRemove(pending);
        remove(stale);
        return published;
    }

    /** Publishes and removes at once: entries a sweep finds are stragglers, not part of a burst of writes. */
    private synchronized int publishAndRemove(Map<Object, List<PendingEvent>> pending) {
        // Read without the lock: an after-write publish may have sent some of these since.
        Map<Object, List<String>> sent = sendUnacknowledged(pending);
        if (acknowledged != null) {
            // A writer may still hold a copy of the outbox with these entries: it must leave them out too.
            sent.forEach(acknowledged::add);
        }
        int published = count(sent);
        remove(sent);
        pending.clear();
        return published;
    }

    /**
     * Publishes events the caller has just written into these documents' outboxes (keyed by {@code _id}, in
     * order), without reading them back. Then removes them from the outboxes, or with deferred removal records
     * them as acknowledged. For a writer that wants its events out at once; whatever this misses stays pending for
     * {@link #sweep}.
     */
    public synchronized int publishWritten(Map<?, ? extends List<PendingEvent>> eventsByDocument) {
        // A sweep that read the document before this call got the lock may have published some already.
        Map<Object, List<String>> sent = sendUnacknowledged(eventsByDocument);
        int published = count(sent);
        if (acknowledged == null) {
            remove(sent);
        } else {
            sent.forEach(acknowledged::add);
        }
        return published;
    }

    /**
     * Sends the events Kafka has not acknowledged yet (with deferred removal; without it, all of them): a sweep and
     * an after-write publish can hold the same entry, and whichever takes the lock first sends it. Returns the ids
     * sent, by document.
     */
    private Map<Object, List<String>> sendUnacknowledged(Map<?, ? extends List<PendingEvent>> eventsByDocument) {
        Map<Object, List<PendingEvent>> unsent = new LinkedHashMap<>();
        eventsByDocument.forEach((id, events) -> {
            List<PendingEvent> left = acknowledged == null ? List.copyOf(events)
                    : events.stream().filter(e -> acknowledged.acknowledgedAt(id, e.eventId()) == null).toList();
            if (!left.isEmpty()) {
                unsent.put(id, left);
            }
        });
        send(unsent);
        Map<Object, List<String>> sent = new LinkedHashMap<>();
        unsent.forEach((id, events) -> sent.put(id, events.stream().map(PendingEvent::eventId).toList()));
        return sent;
    }

    private static int count(Map<Object, List<String>> eventIdsByDocument) {
        return eventIdsByDocument.values().stream().mapToInt(List::size).sum();
    }

    /** Sends every event and waits until Kafka acknowledged them all. */
    private void send(Map<?, ? extends List<PendingEvent>> eventsByDocument) {
        if (eventsByDocument.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        eventsByDocument.values().forEach(events -> events.forEach(pending -> acks.add(producer.send(
                CloudEvents.toRecord(pending.event(), source, pending.json(), pending.requestId())))));
        producer.flush();
        try {
            OutboxPublishException.awaitAll(acks);
        } catch (OutboxPublishException e) {
            sweepNeeded = true;
            throw e;
        }
    }

    private void remove(Map<Object, List<String>> eventIdsByDocument) {
        if (eventIdsByDocument.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> removals = new ArrayList<>(eventIdsByDocument.size());
        eventIdsByDocument.forEach((id, eventIds) -> removals.add(new UpdateOneModel<>(Filters.eq("_id", id),
                Updates.combine(eventIds.stream().map(PendingEvent::remove).toList()))));
        // Short bulks: the local server holds the collection's lock for a whole bulk, and a sweep removing the entries
        // of every lead a burst wrote held the service's own writes (and so its score events) back by seconds.
        for (List<WriteModel<Document>> slice : InSlices.of(removals)) {
            collection.bulkWrite(slice);
        }
        eventIdsByDocument.clear();
    }
}
