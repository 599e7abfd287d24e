package dev.tandem.nurture.messaging;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IncomingEventsTest {

    @Test
    void outagesDeadlocksAndSerializationFailuresAreWaitedOutOtherFailuresAreNot() {
        assertTrue(IncomingEvents.transientStoreFailure(new RuntimeException(new SQLTransientConnectionException("pool"))));
        assertTrue(IncomingEvents.transientStoreFailure(new IllegalStateException(new SQLException("gone", "08006"))));
        assertTrue(IncomingEvents.transientStoreFailure(new RuntimeException(new SQLException("deadlock", "40P01"))));
        assertTrue(IncomingEvents.transientStoreFailure(new RuntimeException(new SQLException("shutdown", "57P01"))));
        assertFalse(IncomingEvents.transientStoreFailure(new RuntimeException(new SQLException("not null", "23502"))));
        assertFalse(IncomingEvents.transientStoreFailure(new IllegalArgumentException("bad event")));
    }
}
