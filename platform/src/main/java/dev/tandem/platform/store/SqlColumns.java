package dev.tandem.platform.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Reading the columns of a native query's {@code Object[]} rows, whose Java types depend on the JDBC driver. */
public final class SqlColumns {

    private SqlColumns() {
    }

    /** A {@code timestamptz} column as an instant, or null for SQL NULL. */
    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalArgumentException("not a timestamp column: " + value.getClass().getName());
    }
}
