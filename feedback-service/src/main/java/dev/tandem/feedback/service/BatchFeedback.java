package dev.tandem.feedback.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.platform.http.Problem;
import dev.tandem.platform.idempotency.IdempotencyKey;
import dev.tandem.platform.idempotency.IdempotencyRecord;
import dev.tandem.platform.idempotency.IdempotencyStore;
import dev.tandem.platform.idempotency.StoredAnswer;
import dev.tandem.platform.security.Caller;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * One item of {@code POST /feedback/batch} under its own Idempotency-Key, in a transaction of its own: the key's
 * record (platform's {@code idempotency_key}), the feedback, its events and the kept answer commit together, so a
 * phone that resends the batch after a lost answer gets the first results back and nothing twice. A second attempt
 * on the same key waits on the first one's uncommitted row and then sees its answer.
 */
@ApplicationScoped
public class BatchFeedback {

    /** The path batch items are recorded under: a key used in a batch cannot be reused for a single POST. */
    public static final String ITEM_PATH = "/feedback/batch#item";

    @Inject
    IdempotencyStore store;

    @Inject
    FeedbackService service;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "tandem.idempotency.retention", defaultValue = "24h")
    Duration retention;

    /** An item's outcome: its status, the answer (201, replayed or not) or the problem. */
    public record ItemOutcome(int index, String idempotencyKey, int status, boolean replayed, JsonNode result,
                              Problem problem) {
    }

    public ItemOutcome run(Caller caller, int index, String keyValue, FeedbackItem item,
                           Function<Throwable, java.util.Optional<Problem>> problems) {
        try {
            IdempotencyKey key = IdempotencyKey.parse(caller.subject(), List.of(keyValue));
            String fingerprint = fingerprint(item);
            return QuarkusTransaction.requiringNew().call(() -> runKeyed(caller, index, key, fingerprint, item));
        } catch (RuntimeException e) {
            Throwable cause = e instanceof io.quarkus.narayana.jta.QuarkusTransactionException && e.getCause() != null
                    ? e.getCause() : e;
            Problem problem = problems.apply(cause).orElseThrow(() -> e);
            return new ItemOutcome(index, keyValue, problem.status(), false, null, problem);
        }
    }

    private ItemOutcome runKeyed(Caller caller, int index, IdempotencyKey key, String fingerprint, FeedbackItem item)
            throws Exception {
        Instant now = Instant.now();
        String owner = UUID.randomUUID().toString();
        IdempotencyRecord mine = new IdempotencyRecord(key.storeId(), key.caller(), key.value(), "POST", ITEM_PATH,
                fingerprint, owner, now, now, null);
        if (!store.insert(mine)) {
            IdempotencyRecord existing = store.find(key.storeId()).orElseThrow();
            if (existing.expired(now, retention)) {
                if (!store.replace(existing.id(), existing.owner(), mine)) {
                    throw new dev.tandem.platform.idempotency.IdempotencyKeyInUseException(1);
                }
            } else if (!existing.sameRequest("POST", ITEM_PATH, fingerprint)) {
                throw new dev.tandem.platform.http.ProblemException(Problem.of(422, "idempotency-key-reused",
                        "Idempotency-Key reused", "this Idempotency-Key was used for another request ("
                                + existing.method() + " " + existing.path() + "); use a new key for a new item"));
            } else if (existing.completed()) {
                return new ItemOutcome(index, key.value(), existing.answer().status(), true,
                        json.readTree(existing.answer().body()), null);
            } else {
                throw new dev.tandem.platform.idempotency.IdempotencyKeyInUseException(1);
            }
        }
        FeedbackService.FeedbackResult result = service.apply(caller, item, key.derive("feedback"), key.derive("event"));
        byte[] body = json.writeValueAsBytes(result);
        store.complete(key.storeId(), owner, new StoredAnswer(201, "application/json", "/leads/" + result.leadId()
                + "/feedback", body), now);
        return new ItemOutcome(index, key.value(), 201, false, json.readTree(body), null);
    }

    private String fingerprint(FeedbackItem item) {
        try {
            byte[] canonical = json.writeValueAsString(item).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
