package dev.tandem.platform.outbox.sql;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** processed_event on a real PostgreSQL: once per (consumer, event), atomic with the transaction it is part of. */
class ProcessedEventsTest {

    private OutboxDatabase db;

    @BeforeEach
    void createDatabase() throws Exception {
        db = OutboxDatabase.create();
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    @Test
    void anEventIsNewOncePerConsumer() throws Exception {
        UUID event = UUID.randomUUID();
        try (Connection connection = db.pool.getConnection()) {
            assertTrue(ProcessedEvents.firstTime(connection, event, "routing"));
            assertFalse(ProcessedEvents.firstTime(connection, event, "routing"), "a redelivery must be recognised");
            assertTrue(ProcessedEvents.firstTime(connection, event, "digest"), "another consumer applies it too");
        }
        assertEquals(2, db.count("processed_event"));
    }

    @Test
    void aConcurrentSecondDeliveryWaitsForTheFirstAndThenSeesItProcessed() throws Exception {
        UUID event = UUID.randomUUID();
        try (Connection first = db.pool.getConnection(); Connection second = db.pool.getConnection()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            assertTrue(ProcessedEvents.firstTime(first, event, "routing"));
            CompletableFuture<Boolean> redelivery = CompletableFuture.supplyAsync(() -> {
                try {
                    return ProcessedEvents.firstTime(second, event, "routing");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            first.commit();
            assertFalse(redelivery.get(10, TimeUnit.SECONDS), "both deliveries were applied");
            second.commit();
        }
    }
}
