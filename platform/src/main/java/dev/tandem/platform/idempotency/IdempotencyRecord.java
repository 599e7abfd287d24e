package dev.tandem.platform.idempotency;

import java.time.Duration;
import java.time.Instant;

/**
 * What the store keeps for one key of one caller: the request it was first used with (method, path, body
 * fingerprint), who is running it ({@code owner}, one id per attempt) since when, and once it finished, its answer.
 *
 * @param answer null while the request is in progress
 */
public record IdempotencyRecord(String id, String caller, String key, String method, String path, String fingerprint,
                                String owner, Instant startedAt, Instant createdAt, StoredAnswer answer) {

    public boolean completed() {
        return answer != null;
    }

    /** Same method, path and body as this record's request. */
    public boolean sameRequest(String method, String path, String fingerprint) {
        return this.method.equals(method) && this.path.equals(path) && this.fingerprint.equals(fingerprint);
    }

    /** An attempt that did not finish within the lease: its process died (or hangs) and a retry may take over. */
    public boolean abandoned(Instant now, Duration lease) {
        return !completed() && startedAt.plus(lease).isBefore(now);
    }

    /** Older than the retention: as if it were gone (the purge removes it). */
    public boolean expired(Instant now, Duration retention) {
        return createdAt.plus(retention).isBefore(now);
    }

    IdempotencyRecord completedWith(StoredAnswer stored) {
        return new IdempotencyRecord(id, caller, key, method, path, fingerprint, owner, startedAt, createdAt, stored);
    }
}
