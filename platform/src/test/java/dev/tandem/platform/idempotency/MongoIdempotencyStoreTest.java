package dev.tandem.platform.idempotency;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MongoDB store against a Mongo-wire server: every write conditional on the owner, purge by age. */
class MongoIdempotencyStoreTest {

    private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");

    private MongoServer server;
    private MongoClient client;
    private MongoIdempotencyStore store;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create(server.bindAndGetConnectionString());
        store = new MongoIdempotencyStore(client.getDatabase("t").getCollection("idempotency_keys"));
        store.createIndexes();
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    private static IdempotencyRecord record(String id, String owner, Instant at) {
        return new IdempotencyRecord(id, "tracker-1", "k-" + id, "POST", "/activities", "f1", owner, at, at, null);
    }

    @Test
    void oneInsertWinsAndOnlyTheHolderCompletesOrReleases() {
        assertTrue(store.insert(record("a", "o1", T0)));
        assertFalse(store.insert(record("a", "o2", T0)));
        StoredAnswer answer = new StoredAnswer(202, "application/json", null, "{\"accepted\":1}".getBytes(StandardCharsets.UTF_8));
        assertFalse(store.complete("a", "o2", answer, T0));
        store.release("a", "o2");
        assertTrue(store.find("a").isPresent(), "another attempt cannot release the key");
        assertTrue(store.complete("a", "o1", answer, T0.plusSeconds(1)));
        IdempotencyRecord found = store.find("a").orElseThrow();
        assertEquals(answer, found.answer());
        assertEquals("/activities", found.path());
        assertEquals(T0, found.createdAt());

        assertTrue(store.insert(record("b", "o3", T0)));
        store.release("b", "o3");
        assertTrue(store.find("b").isEmpty());
    }

    @Test
    void aTakeOverSucceedsOnlyAgainstTheOwnerItSaw() {
        store.insert(record("a", "dead", T0));
        IdempotencyRecord mine = record("a", "retry", T0.plusSeconds(40));
        assertFalse(store.replace("a", "someone-else", mine));
        assertTrue(store.replace("a", "dead", mine));
        assertFalse(store.replace("a", "dead", record("a", "late", T0.plusSeconds(41))), "the second taker loses");
        IdempotencyRecord found = store.find("a").orElseThrow();
        assertEquals("retry", found.owner());
        assertNull(found.answer());
        assertTrue(found.abandoned(T0.plusSeconds(71), Duration.ofSeconds(30)));
        assertFalse(found.abandoned(T0.plusSeconds(69), Duration.ofSeconds(30)));
    }

    @Test
    void purgeRemovesOnlyRecordsCreatedBeforeTheCutoff() {
        store.insert(record("old", "o", T0));
        store.insert(record("new", "o", T0.plus(Duration.ofHours(23))));
        assertEquals(1, store.purgeCreatedBefore(T0.plus(Duration.ofHours(1))));
        assertTrue(store.find("old").isEmpty());
        assertTrue(store.find("new").isPresent());
    }
}
