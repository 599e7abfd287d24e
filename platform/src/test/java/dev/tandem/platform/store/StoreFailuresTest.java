package dev.tandem.platform.store;

import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreFailuresTest {

    @Test
    void aStoreThatCannotBeReachedIsToldFromAFaultOfTheRequest() {
        assertTrue(StoreFailures.unreachable(new MongoSocketReadException("connection reset", new ServerAddress())));
        assertTrue(StoreFailures.unreachable(new MongoSocketOpenException("refused", new ServerAddress())));
        assertTrue(StoreFailures.unreachable(new MongoTimeoutException("no server within 1000 ms")));
        assertTrue(StoreFailures.unreachable(new MongoNotPrimaryException(new BsonDocument(), new ServerAddress())));
        assertTrue(StoreFailures.unreachable(new CompletionException(new MongoTimeoutException("wrapped"))));

        assertFalse(StoreFailures.unreachable(new MongoWriteException(
                new WriteError(11000, "duplicate key", new BsonDocument()), new ServerAddress())));
        assertFalse(StoreFailures.unreachable(new IllegalStateException("leads kept changing under this write")));
        assertFalse(StoreFailures.unreachable(new IllegalArgumentException("bad event")));
    }
}
