package dev.tandem.platform.idempotency;

import java.time.Instant;
import java.util.Optional;

/**
 * Where {@link Idempotency} keeps its records; one per store technology (MongoDB: {@link MongoIdempotencyStore}).
 * Every write is conditional on the record's {@code owner}, so two attempts never both think they hold a key. A
 * service makes its store a CDI bean (a producer); platform does not, so that no service needs a store it lacks.
 */
public interface IdempotencyStore {

    /** Stores a new in-progress record; false when the id is taken. */
    boolean insert(IdempotencyRecord record);

    Optional<IdempotencyRecord> find(String id);

    /**
     * Replaces the record {@code id} with {@code replacement} only while it is still held by {@code previousOwner}
     * (taking over an abandoned attempt, or reusing an expired key); false when someone else changed it first.
     */
    boolean replace(String id, String previousOwner, IdempotencyRecord replacement);

    /** Records the answer of the attempt {@code owner}; false when that attempt no longer holds the key. */
    boolean complete(String id, String owner, StoredAnswer answer, Instant completedAt);

    /** Removes the record of the attempt {@code owner} (it failed: a retry runs again). */
    void release(String id, String owner);

    /** Removes every record created before {@code cutoff}; returns how many. */
    long purgeCreatedBefore(Instant cutoff);
}
