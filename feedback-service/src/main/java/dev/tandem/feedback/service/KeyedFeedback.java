package dev.tandem.feedback.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.platform.http.Problem;
import dev.tandem.platform.http.ProblemException;
import dev.tandem.platform.idempotency.IdempotencyKey;
import dev.tandem.platform.idempotency.IdempotencyKeyInUseException;
import dev.tandem.platform.idempotency.IdempotencyRecord;
import dev.tandem.platform.idempotency.IdempotencyStore;
import dev.tandem.platform.idempotency.StoredAnswer;
import dev.tandem.platform.security.Caller;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Feedback under an Idempotency-Key, the key's record (platform's {@code idempotency_key}) claimed inside the
 * transaction of the work: the claim, the feedback, its outbox events and the kept answer commit together or not at
 * all. One commit per request instead of two (a claim committed on its own, then the work): the commit is what a
 * keyed request waits for most (see the README's figures). A second attempt on the same key blocks on the first
 * one's uncommitted row and then sees its answer (a replay), or, if the first rolled back, runs; a crash rolls the
 * claim back with the work, so no key is left in progress.
 *
 * <p>A batch runs its items in as few transactions as it can: all of them in one; when an item fails, that
 * transaction rolls back, the items before it run again in one transaction, the failing item alone in its own (for
 * its problem), and the rest continue the same way. Partial success is kept (a bad item never undoes a good one)
 * while a clean batch of 200 costs one commit.
 */
@ApplicationScoped
public class KeyedFeedback {

    /** The path single items are recorded under. */
    public static final String SINGLE_PATH = "/feedback";
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

    @ConfigProperty(name = "tandem.idempotency.lease", defaultValue = "30s")
    Duration lease;

    /** An item's outcome: its status, the answer (201, replayed or not) or the problem. */
    public record ItemOutcome(int index, String idempotencyKey, int status, boolean replayed, JsonNode result,
                              Problem problem) {
    }

    /** A valid item with its key and the fingerprint of its body, waiting to run. */
    public record Keyed(int index, IdempotencyKey key, String fingerprint, FeedbackItem item) {
    }

    /** What a single keyed POST answers: the kept answer's status, Location and body, and whether it is a replay. */
    public record Answer(int status, String location, byte[] body, boolean replayed) {
    }

    /** One item in a transaction of its own; a domain failure is thrown (and rolls everything back). */
    public Answer runSingle(Caller caller, IdempotencyKey key, String fingerprint, FeedbackItem item) {
        return inTransaction(() -> runKeyed(caller, new Keyed(0, key, fingerprint, item), SINGLE_PATH));
    }

    /** Batch items in the fewest transactions (see the class comment); outcomes in the items' order. */
    public List<ItemOutcome> runBatch(Caller caller, List<Keyed> items, Function<Throwable, Optional<Problem>> problems) {
        ItemOutcome[] outcomes = new ItemOutcome[items.size()];
        runRange(caller, items, 0, items.size(), outcomes, problems);
        return List.of(outcomes);
    }

    private void runRange(Caller caller, List<Keyed> items, int from, int to, ItemOutcome[] outcomes,
                          Function<Throwable, Optional<Problem>> problems) {
        int start = from;
        while (start < to) {
            int first = start;
            try {
                List<Answer> answers = inTransaction(() -> {
                    List<Answer> done = new ArrayList<>();
                    for (int i = first; i < to; i++) {
                        try {
                            done.add(runKeyed(caller, items.get(i), ITEM_PATH));
                        } catch (RuntimeException e) {
                            throw new FailedItem(i, e);
                        }
                    }
                    return done;
                });
                for (int i = first; i < to; i++) {
                    outcomes[i] = outcome(items.get(i), answers.get(i - first));
                }
                start = to;
            } catch (FailedItem failed) {
                if (failed.position > first) {
                    runRange(caller, items, first, failed.position, outcomes, problems);
                }
                outcomes[failed.position] = runAlone(caller, items.get(failed.position), problems);
                start = failed.position + 1;
            } catch (RuntimeException notOneItems) {
                // The commit itself failed (a deadlock with another batch, a lost connection): one by one then.
                for (int i = first; i < to; i++) {
                    outcomes[i] = runAlone(caller, items.get(i), problems);
                }
                start = to;
            }
        }
    }

    private ItemOutcome runAlone(Caller caller, Keyed keyed, Function<Throwable, Optional<Problem>> problems) {
        try {
            return outcome(keyed, inTransaction(() -> runKeyed(caller, keyed, ITEM_PATH)));
        } catch (RuntimeException e) {
            Problem problem = problems.apply(e).orElseThrow(() -> e);
            return new ItemOutcome(keyed.index(), keyed.key().value(), problem.status(), false, null, problem);
        }
    }

    private ItemOutcome outcome(Keyed keyed, Answer answer) {
        try {
            return new ItemOutcome(keyed.index(), keyed.key().value(), answer.status(), answer.replayed(),
                    json.readTree(answer.body()), null);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a kept answer is not JSON", e);
        }
    }

    private Answer runKeyed(Caller caller, Keyed keyed, String path) {
        IdempotencyKey key = keyed.key();
        Instant now = Instant.now();
        String owner = UUID.randomUUID().toString();
        IdempotencyRecord mine = new IdempotencyRecord(key.storeId(), key.caller(), key.value(), "POST", path,
                keyed.fingerprint(), owner, now, now, null);
        if (!store.insert(mine)) {
            IdempotencyRecord existing = store.find(key.storeId()).orElseThrow(() -> new IdempotencyKeyInUseException(1));
            if (existing.expired(now, retention)) {
                if (!store.replace(existing.id(), existing.owner(), mine)) {
                    throw new IdempotencyKeyInUseException(1);
                }
            } else if (!existing.sameRequest("POST", path, keyed.fingerprint())) {
                throw new ProblemException(Problem.of(422, "idempotency-key-reused", "Idempotency-Key reused",
                        "this Idempotency-Key was used for another request (" + existing.method() + " "
                                + existing.path() + " with another body); use a new key for new feedback"));
            } else if (existing.completed()) {
                StoredAnswer kept = existing.answer();
                return new Answer(kept.status(), kept.location(), kept.body(), true);
            } else if (!existing.abandoned(now, lease) || !store.replace(existing.id(), existing.owner(), mine)) {
                // Only a claim committed on its own (an earlier version of this service) can be seen in progress.
                throw new IdempotencyKeyInUseException(1);
            }
        }
        FeedbackService.FeedbackResult result = service.apply(caller, keyed.item(), key.derive("feedback"),
                key.derive("event"));
        byte[] body;
        try {
            body = json.writeValueAsBytes(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String location = "/leads/" + result.leadId() + "/feedback";
        if (!store.complete(key.storeId(), owner, new StoredAnswer(201, "application/json", location, body), now)) {
            throw new IdempotencyKeyInUseException(1);
        }
        return new Answer(201, location, body, false);
    }

    private static <T> T inTransaction(java.util.function.Supplier<T> work) {
        try {
            return QuarkusTransaction.requiringNew().call(work::get);
        } catch (QuarkusTransactionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The canonical JSON of an item, hashed: a batch item's fingerprint (its bytes are inside the batch's body). */
    public String fingerprint(FeedbackItem item) {
        try {
            byte[] canonical = json.writeValueAsString(item).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Thrown inside a batch's transaction to roll it back and name the item that failed. */
    private static final class FailedItem extends RuntimeException {
        final int position;

        FailedItem(int position, RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
            this.position = position;
        }
    }
}
