package dev.tandem.platform.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.platform.http.Problem;
import dev.tandem.platform.http.ProblemException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionManager;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The {@code Idempotency-Key} facility of the HTTP edge (draft-ietf-httpapi-idempotency-key-header). A resource
 * method marked {@link Idempotent} runs its work through {@link #execute}:
 * <ul>
 *   <li>no header: the work runs as it always did;</li>
 *   <li>a new key: the work runs once; a 2xx/3xx answer (status, body, Content-Type, Location) is kept for
 *   {@code tandem.idempotency.retention} (24 h);</li>
 *   <li>the same key again with the same method, path and body (SHA-256 of its bytes): the kept answer, marked
 *   {@value #REPLAYED}{@code : true}, and nothing runs;</li>
 *   <li>the same key with another method, path or body: 422; while the first attempt still runs: 409 with
 *   {@code Retry-After}; a malformed key: 400.</li>
 * </ul>
 * A 4xx or 5xx answer, or a failure, is not kept: the key is released and a retry runs again. A 4xx changed nothing
 * (bad input never does), so running it again is safe and answers from the current state; a 5xx may have done part
 * of the work, which the work's own deterministic ids make harmless to repeat (see {@link IdempotencyKey#derive}).
 * That is also what covers a process that dies after its effects and before its answer is recorded: its record
 * stays in progress until the lease ({@code tandem.idempotency.lease}, 30 s) runs out, then a retry takes it over
 * and runs again with the same derived ids.
 *
 * <p>Needs an {@link IdempotencyStore} bean, which the service produces; a service that never calls
 * {@link #execute} needs none.
 */
@ApplicationScoped
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";

    /** Crash tests only: halt the JVM after the work succeeded and before its answer is recorded. */
    public static final String CRASH_PROPERTY = "tandem.idempotency.crash-before-recording";

    private static final Logger LOG = Logger.getLogger(Idempotency.class);
    private static final int CLAIM_ATTEMPTS = 5;

    @Inject
    Instance<IdempotencyStore> stores;

    @Inject
    CurrentVertxRequest currentRequest;

    @Inject
    Instance<TransactionManager> transactionManagers;

    @Inject
    RequestDigest digest;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "tandem.idempotency.retention", defaultValue = "24h")
    Duration retention;

    @ConfigProperty(name = "tandem.idempotency.lease", defaultValue = "30s")
    Duration lease;

    @ConfigProperty(name = CRASH_PROPERTY, defaultValue = "false")
    boolean crashBeforeRecording;

    Clock clock = Clock.systemUTC();

    /**
     * Runs {@code work} at most once per key of {@code caller} (the JWT subject). The work gets the key (null when
     * the request has none) to derive its ids from.
     */
    public Response execute(String caller, Function<IdempotencyKey, Response> work) {
        return run(caller, work, false);
    }

    /**
     * Like {@link #execute}, for a store that joins the caller's transaction ({@link SqlIdempotencyStore}): the work
     * (whose {@code @Transactional} methods join) and the recording of its answer commit in one transaction, so a
     * crash leaves either the effects, their outbox rows and the kept answer, or none of them. A 4xx answer or a
     * failure rolls the work back; an attempt that lost the key meanwhile (taken over after its lease) rolls back
     * too and answers 409, so a key never has two effects. Call it outside any transaction: the claim must commit
     * on its own for a concurrent attempt to see it in progress.
     */
    public Response executeInTransaction(String caller, Function<IdempotencyKey, Response> work) {
        return run(caller, work, true);
    }

    private Response run(String caller, Function<IdempotencyKey, Response> work, boolean atomic) {
        HttpServerRequest request = currentRequest.getCurrent().request();
        List<String> values = request.headers().getAll(HEADER);
        if (values.isEmpty()) {
            return work.apply(null);
        }
        IdempotencyKey key = IdempotencyKey.parse(caller, values);
        String method = request.method().name();
        String path = request.path();
        String fingerprint = digest.fingerprint();
        IdempotencyStore store = store();
        String owner = UUID.randomUUID().toString();
        Optional<StoredAnswer> replay = claim(store, key, method, path, fingerprint, owner);
        if (replay.isPresent()) {
            return replayOf(replay.get());
        }
        if (atomic) {
            return runAtomically(store, key, owner, work);
        }
        Response answer;
        try {
            answer = work.apply(key);
        } catch (RuntimeException | Error e) {
            release(store, key, owner);
            throw e;
        }
        if (answer.getStatus() >= 400) {
            release(store, key, owner);
            return answer;
        }
        StoredAnswer stored = storedOf(answer);
        crashIfAsked();
        try {
            if (!store.complete(key.storeId(), owner, stored, clock.instant())) {
                LOG.warnf("an attempt with key %s outlived its lease and was taken over; its answer is not kept", key.value());
            }
        } catch (RuntimeException e) {
            // The work is done and its ids are derived from the key: a retry that runs it again changes nothing.
            LOG.warnf("the answer for key %s could not be kept: %s", key.value(), e.toString());
        }
        return Response.fromResponse(answer).entity(stored.body()).type(stored.contentType()).build();
    }

    private Response runAtomically(IdempotencyStore store, IdempotencyKey key, String owner,
                                   Function<IdempotencyKey, Response> work) {
        if (!transactionManagers.isResolvable()) {
            throw new IllegalStateException("executeInTransaction needs a JTA TransactionManager");
        }
        TransactionManager transactions = transactionManagers.get();
        StoredAnswer stored;
        Response answer;
        try {
            transactions.begin();
            try {
                answer = work.apply(key);
                if (answer.getStatus() >= 400) {
                    transactions.rollback();
                    release(store, key, owner);
                    return answer;
                }
                stored = storedOf(answer);
                if (!store.complete(key.storeId(), owner, stored, clock.instant())) {
                    transactions.rollback();
                    LOG.warnf("an attempt with key %s outlived its lease and was taken over; its work is rolled back",
                            key.value());
                    throw new IdempotencyKeyInUseException(1);
                }
                crashIfAsked();
            } catch (RuntimeException | Error e) {
                rollbackQuietly(transactions);
                release(store, key, owner);
                throw e;
            }
            transactions.commit();
        } catch (jakarta.transaction.RollbackException e) {
            release(store, key, owner);
            throw new IllegalStateException("the transaction of key " + key.value() + " was rolled back", e);
        } catch (jakarta.transaction.SystemException | jakarta.transaction.NotSupportedException
                 | jakarta.transaction.HeuristicMixedException | jakarta.transaction.HeuristicRollbackException e) {
            release(store, key, owner);
            throw new IllegalStateException("the transaction of key " + key.value() + " failed", e);
        }
        return Response.fromResponse(answer).entity(stored.body()).type(stored.contentType()).build();
    }

    private static void rollbackQuietly(TransactionManager transactions) {
        try {
            if (transactions.getTransaction() != null) {
                transactions.rollback();
            }
        } catch (jakarta.transaction.SystemException | IllegalStateException e) {
            LOG.debugf("rollback after a failed keyed request: %s", e.toString());
        }
    }

    private void crashIfAsked() {
        if (crashBeforeRecording) {
            System.err.println(CRASH_PROPERTY + ": halting after the work and before recording its answer");
            Runtime.getRuntime().halt(137);
        }
    }

    /** The kept answer when this is a replay; empty when this attempt now holds the key and runs the work. */
    private Optional<StoredAnswer> claim(IdempotencyStore store, IdempotencyKey key, String method, String path,
                                         String fingerprint, String owner) {
        String id = key.storeId();
        for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            IdempotencyRecord mine = new IdempotencyRecord(id, key.caller(), key.value(), method, path, fingerprint,
                    owner, now, now, null);
            if (store.insert(mine)) {
                return Optional.empty();
            }
            Optional<IdempotencyRecord> found = store.find(id);
            if (found.isEmpty()) {
                continue; // released meanwhile
            }
            IdempotencyRecord existing = found.get();
            if (existing.expired(now, retention)) {
                if (store.replace(id, existing.owner(), mine)) {
                    return Optional.empty();
                }
                continue;
            }
            if (!existing.sameRequest(method, path, fingerprint)) {
                throw new ProblemException(Problem.of(422, "idempotency-key-reused", "Idempotency-Key reused",
                        "this Idempotency-Key was used for another request (" + existing.method() + " "
                                + existing.path() + " with another body); use a new key for a new request"));
            }
            if (existing.completed()) {
                return Optional.of(existing.answer());
            }
            if (existing.abandoned(now, lease)) {
                if (store.replace(id, existing.owner(), mine)) {
                    LOG.infof("key %s: took over an attempt abandoned since %s", key.value(), existing.startedAt());
                    return Optional.empty();
                }
                continue;
            }
            long wait = Math.max(1, Duration.between(now, existing.startedAt().plus(lease)).toSeconds());
            throw new IdempotencyKeyInUseException(wait);
        }
        throw new IdempotencyKeyInUseException(1);
    }

    private static void release(IdempotencyStore store, IdempotencyKey key, String owner) {
        try {
            store.release(key.storeId(), owner);
        } catch (RuntimeException e) {
            // The record stays in progress until its lease ends; then a retry takes it over.
            LOG.warnf("key %s could not be released: %s", key.value(), e.toString());
        }
    }

    private StoredAnswer storedOf(Response answer) {
        MediaType type = answer.getMediaType();
        String contentType = type == null ? MediaType.APPLICATION_JSON : type.toString();
        String location = answer.getLocation() == null ? null : answer.getLocation().toString();
        return new StoredAnswer(answer.getStatus(), contentType, location, bytesOf(answer.getEntity()));
    }

    private byte[] bytesOf(Object entity) {
        if (entity == null) {
            return new byte[0];
        }
        if (entity instanceof byte[] bytes) {
            return bytes;
        }
        if (entity instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return mapper.writeValueAsBytes(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer to keep it", e);
        }
    }

    private static Response replayOf(StoredAnswer stored) {
        Response.ResponseBuilder replay = Response.status(stored.status()).header(REPLAYED, "true");
        if (stored.body().length > 0) {
            replay.entity(stored.body()).header(HttpHeaders.CONTENT_TYPE, stored.contentType());
        }
        if (stored.location() != null) {
            replay.header(HttpHeaders.LOCATION, stored.location());
        }
        return replay.build();
    }

    /** Removes the records older than the retention; the service calls it on a schedule. */
    public long purgeExpired() {
        return purgeExpired(clock.instant());
    }

    /** Removes the records that are expired at {@code now}. */
    public long purgeExpired(Instant now) {
        return store().purgeCreatedBefore(now.minus(retention));
    }

    private IdempotencyStore store() {
        if (!stores.isResolvable()) {
            throw new IllegalStateException("Idempotency-Key needs an IdempotencyStore bean; this service produces none");
        }
        return stores.get();
    }
}
