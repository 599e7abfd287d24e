package dev.tandem.platform.example;

import dev.tandem.platform.example.repository.NoteRepository;
import dev.tandem.platform.example.service.NoteService;
import dev.tandem.platform.idempotency.IdempotencyRecord;
import dev.tandem.platform.idempotency.SqlIdempotencyStore;
import dev.tandem.platform.idempotency.StoredAnswer;
import dev.tandem.testing.KafkaBrokerResource;
import dev.tandem.testing.PostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Idempotency-Key on PostgreSQL ({@link SqlIdempotencyStore} with {@code Idempotency.executeInTransaction}): the
 * note, its outbox row and the kept answer commit together or not at all.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
class NoteIdempotencyTest {

    @Inject
    NoteRepository notes;

    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void noHook() {
        NoteService.afterEffect.set(() -> { });
    }

    @Test
    void aReplayReturnsTheFirstAnswerAndChangesNothing() throws Exception {
        String lead = "lead-" + UUID.randomUUID();
        String key = "replay-" + lead;
        ExtractableResponse<Response> first = post(key, lead, "初回訪問").then().statusCode(201)
                .header("Idempotent-Replayed", (String) null).extract();
        ExtractableResponse<Response> again = post(key, lead, "初回訪問").then().statusCode(201)
                .header("Idempotent-Replayed", "true").extract();

        assertArrayEquals(first.body().asByteArray(), again.body().asByteArray());
        assertEquals(first.header("Location"), again.header("Location"));
        assertEquals(1, notes.ofLead(lead).size());
        assertEquals(1, count("SELECT count(*) FROM idempotency_key WHERE key = ? AND status = 201", key));
    }

    @Test
    void theSameKeyWithAnotherBodyIs422AndChangesNothing() {
        String lead = "lead-" + UUID.randomUUID();
        String key = "reuse-" + lead;
        post(key, lead, "一つ目").then().statusCode(201);
        post(key, lead, "二つ目").then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://tandem.dev/problems/idempotency-key-reused"));
        assertEquals(1, notes.ofLead(lead).size());
        assertEquals("一つ目", notes.ofLead(lead).get(0).body());
    }

    @Test
    void twoIdenticalRequestsAtOnceHaveOneEffect() throws Exception {
        String lead = "lead-" + UUID.randomUUID();
        String key = "race-" + lead;
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        NoteService.afterEffect.set(() -> {
            inside.countDown();
            await(release);
        });
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> post(key, lead, "同時").statusCode());
        assertTrue(inside.await(20, TimeUnit.SECONDS), "the first request never reached its work");

        post(key, lead, "同時").then().statusCode(409).header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .contentType("application/problem+json");
        assertEquals(0, notes.ofLead(lead).size(), "nothing is visible before the first attempt commits");

        release.countDown();
        assertEquals(201, first.get(20, TimeUnit.SECONDS));
        post(key, lead, "同時").then().statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(1, notes.ofLead(lead).size());
        assertEquals(1, count("SELECT count(*) FROM idempotency_key WHERE key = ?", key));
    }

    @Test
    void anAttemptThatLostItsKeyRollsBackItsEffectAndItsEvent() throws Exception {
        String lead = "lead-" + UUID.randomUUID();
        String key = "stolen-" + lead;
        // As if this attempt outlived its lease and a retry took the key over while the work ran.
        NoteService.afterEffect.set(() -> outsideTheTransaction(() -> {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement steal = c.prepareStatement("UPDATE idempotency_key SET owner = 'retry' WHERE key = ?")) {
                steal.setString(1, key);
                assertEquals(1, steal.executeUpdate());
            }
            return null;
        }));
        post(key, lead, "横取り").then().statusCode(409);

        assertEquals(0, notes.ofLead(lead).size());
        assertEquals(0, count("SELECT count(*) FROM outbox_event WHERE record_key = ?", lead));
        assertEquals(0, count("SELECT count(*) FROM idempotency_key WHERE key = ? AND status IS NOT NULL", key));
    }

    @Test
    void aFailureAfterTheEffectLeavesNeitherEffectNorAnswerAndARetryRunsAgain() throws Exception {
        String lead = "lead-" + UUID.randomUUID();
        String key = "failed-" + lead;
        NoteService.afterEffect.set(() -> {
            throw new IllegalStateException("the process dies here");
        });
        post(key, lead, "失敗").then().statusCode(500);
        assertEquals(0, notes.ofLead(lead).size());
        assertEquals(0, count("SELECT count(*) FROM outbox_event WHERE record_key = ?", lead));
        assertEquals(0, count("SELECT count(*) FROM idempotency_key WHERE key = ?", key), "the key is released");

        noHook();
        post(key, lead, "失敗").then().statusCode(201).header("Idempotent-Replayed", (String) null);
        assertEquals(1, notes.ofLead(lead).size());
    }

    @Test
    void aCompletedRecordCannotBeTakenOverByItsOldOwner() {
        SqlIdempotencyStore store = new SqlIdempotencyStore(dataSource);
        String id = "store-" + UUID.randomUUID();
        Instant now = Instant.parse("2001-01-01T00:00:00Z"); // older than every other test's record
        IdempotencyRecord record = new IdempotencyRecord(id, "c", "k", "POST", "/notes", "f", "a1", now, now, null);
        assertTrue(store.insert(record));
        assertFalse(store.insert(record), "a taken id");
        StoredAnswer answer = new StoredAnswer(201, "application/json", "/notes/1", "{}".getBytes());
        assertTrue(store.complete(id, "a1", answer, now));
        assertFalse(store.complete(id, "a1", answer, now), "completed once");
        assertFalse(store.replace(id, "a1", new IdempotencyRecord(id, "c", "k", "POST", "/notes", "f", "a2", now, now, null)),
                "a takeover that read the attempt in progress must not overwrite its answer");
        IdempotencyRecord found = store.find(id).orElseThrow();
        assertEquals(answer, found.answer());
        assertNotNull(found.owner());
        assertTrue(store.replace(id, found.owner(), new IdempotencyRecord(id, "c", "k", "POST", "/notes", "f", "a3", now, now, null)), "an expired record is reused");
        assertEquals(1, store.purgeCreatedBefore(now.plusSeconds(1)));
        assertTrue(store.find(id).isEmpty());
    }

    private Response post(String key, String lead, String body) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Map.of("leadId", lead, "body", body)).when().post("/notes");
    }

    private long count(String sql, String parameter) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** On another thread, so the connection is not enlisted in the request's transaction. */
    private static void outsideTheTransaction(java.util.concurrent.Callable<Void> work) {
        try {
            CompletableFuture.supplyAsync(() -> {
                try {
                    return work.call();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
