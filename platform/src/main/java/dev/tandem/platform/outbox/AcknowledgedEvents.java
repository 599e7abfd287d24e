package dev.tandem.platform.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Events Kafka has acknowledged whose outbox entries may still be stored, by document. A writer that rewrites a
 * document's whole outbox leaves these entries out (then calls {@link #forget}), so publishing costs no write of its
 * own when the document is written again soon, as an active lead is. Entries of documents nobody rewrote are removed
 * by the relay's sweep once they are older than its removal delay (see {@link OutboxRelay}).
 *
 * <p>Lost on a restart: the sweep then publishes whatever acknowledged entries were still stored once more
 * (at least once; consumers deduplicate by event id).
 */
public final class AcknowledgedEvents {

    private final Map<Object, Map<String, Instant>> byDocument = new ConcurrentHashMap<>();
    private final Clock clock;

    public AcknowledgedEvents() {
        this(Clock.systemUTC());
    }

    public AcknowledgedEvents(Clock clock) {
        this.clock = clock;
    }

    void add(Object documentId, Collection<String> eventIds) {
        Instant now = clock.instant();
        // Small: a document holds a few acknowledged entries at a time.
        Map<String, Instant> acknowledged = byDocument.computeIfAbsent(documentId, id -> new ConcurrentHashMap<>(4));
        eventIds.forEach(eventId -> acknowledged.putIfAbsent(eventId, now));
    }

    /**
     * The acknowledged event ids of this document: entries a writer may leave out of its outbox. A live view (copying
     * it for every lead written was ~4% of scoring's CPU): an id added meanwhile was acknowledged, so leaving it out
     * is right too.
     */
    public Set<String> of(Object documentId) {
        Map<String, Instant> acknowledged = byDocument.get(documentId);
        return acknowledged == null ? Set.of() : Collections.unmodifiableSet(acknowledged.keySet());
    }

    /** These entries are no longer stored in the document (a write left them out): nothing left to remove. */
    public void forget(Object documentId, Collection<String> eventIds) {
        byDocument.computeIfPresent(documentId, (id, acknowledged) -> {
            eventIds.forEach(acknowledged::remove);
            return acknowledged.isEmpty() ? null : acknowledged;
        });
    }

    /** When Kafka acknowledged this event, or null when it is not known to be published. */
    Instant acknowledgedAt(Object documentId, String eventId) {
        Map<String, Instant> acknowledged = byDocument.get(documentId);
        return acknowledged == null ? null : acknowledged.get(eventId);
    }

    /** Bounds memory: entries older than this have been removed from their documents by a sweep. */
    void forgetAcknowledgedBefore(Instant cutoff) {
        byDocument.values().forEach(acknowledged -> acknowledged.values().removeIf(at -> at.isBefore(cutoff)));
        byDocument.values().removeIf(Map::isEmpty);
    }

    Instant now() {
        return clock.instant();
    }

    /** How many acknowledged entries are tracked (for tests and metrics). */
    public int size() {
        return byDocument.values().stream().mapToInt(Map::size).sum();
    }
}
