package dev.tandem.platform.outbox.sql;

import jakarta.transaction.TransactionSynchronizationRegistry;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * The consumer's twin of the outbox: which events a consumer has applied ({@code processed_event}), recorded in the
 * same transaction as the effect. Kafka delivers at least once; a consumer that asks {@link #firstTime} before
 * applying an event and skips it on {@code false} applies each event once, since the record and the effect are
 * committed together or not at all.
 *
 * <p>Keyed by (consumer, event id): two consumers in one service may each apply the same event once.
 */
public final class ProcessedEvents {

    private static final String RECORD = "INSERT INTO processed_event (consumer, event_id) VALUES (?, ?)"
            + " ON CONFLICT DO NOTHING";
    private static final String FORGET = "DELETE FROM processed_event WHERE processed_at < ?";

    private final DataSource dataSource;
    private final TransactionSynchronizationRegistry transactions;

    public ProcessedEvents(DataSource dataSource, TransactionSynchronizationRegistry transactions) {
        this.dataSource = dataSource;
        this.transactions = transactions;
    }

    /**
     * Records the event as processed by {@code consumer} in the caller's transaction: true the first time, false
     * when it was recorded before (a redelivery: apply nothing). A concurrent first time in another transaction
     * waits for that one and then answers false if it committed.
     *
     * @throws IllegalStateException when there is no transaction: the record would not be atomic with the effect
     */
    public boolean firstTime(UUID eventId, String consumer) {
        if (transactions.getTransactionKey() == null) {
            throw new IllegalStateException("ProcessedEvents.firstTime needs the caller's transaction"
                    + " (a @Transactional method): the record must be committed with the effect");
        }
        try (Connection connection = dataSource.getConnection()) {
            return firstTime(connection, eventId, consumer);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record event " + eventId + " for " + consumer, e);
        }
    }

    /** {@link #firstTime(UUID, String)} on this connection, in whatever transaction it has open. */
    public static boolean firstTime(Connection connection, UUID eventId, String consumer) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(RECORD)) {
            statement.setString(1, consumer);
            statement.setObject(2, eventId);
            return statement.executeUpdate() == 1;
        }
    }

    /**
     * Forgets events processed before {@code cutoff} (retention: keep them longer than Kafka keeps the records that
     * could be redelivered); returns how many. Runs in a transaction of its own.
     */
    public int forgetProcessedBefore(Instant cutoff) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(FORGET)) {
            statement.setTimestamp(1, Timestamp.from(cutoff));
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot forget processed events", e);
        }
    }
}
