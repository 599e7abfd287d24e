package dev.tandem.platform.outbox.sql;

import dev.tandem.events.EventJson;
import dev.tandem.events.TandemEvent;
import dev.tandem.events.Topics;
import dev.tandem.platform.http.RequestId;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The SQL flavour of the outbox: a service adds the events announcing a state change in the same transaction as
 * the change ({@code outbox_event}, see {@code db/platform/V1__outbox.sql}), so both are committed or neither is.
 * {@link SqlOutboxRelay} publishes them: right after the commit (this class wakes it) and on its periodic sweep.
 *
 * <p>Inside a JTA transaction (a {@code @Transactional} service method): {@link #add(TandemEvent)} takes its
 * connection from the service's datasource, which enlists it in that transaction. Plain JDBC callers use
 * {@link #insert(Connection, TandemEvent, String)} on their own connection.
 *
 * <p>One key's events are published in insertion order. Two transactions adding events for the same lead must
 * therefore be serialised by that lead's row (an optimistic version or a row lock), as they must be for the state
 * anyway: otherwise the later one may take the lower id.
 */
public final class SqlOutbox {

    /** Rows of {@code outbox_shard}; changing it needs a migration and an empty outbox (keys would move shards). */
    static final int SHARDS = 16;

    private static final String INSERT = "INSERT INTO outbox_event (event_id, topic, record_key, shard, source, payload,"
            + " request_id) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private final DataSource dataSource;
    private final TransactionSynchronizationRegistry transactions;
    private final String source;
    private final Runnable afterCommit;
    /** Marks a transaction that already wakes the relay at its commit (one wake-up per transaction). */
    private final Object wakeKey = new Object();

    /**
     * @param source      the CloudEvents {@code source}: the producing service's name
     * @param afterCommit run once after each transaction that added events commits: the relay's {@code wake}
     */
    public SqlOutbox(DataSource dataSource, TransactionSynchronizationRegistry transactions, String source,
                     Runnable afterCommit) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.source = source;
        this.afterCommit = afterCommit;
    }

    /**
     * Adds the event in the caller's transaction; it is published after that transaction commits, and never if it
     * rolls back.
     *
     * @throws IllegalStateException when there is no transaction: the event would not be atomic with the state
     */
    public void add(TandemEvent event) {
        if (transactions.getTransactionKey() == null) {
            throw new IllegalStateException("SqlOutbox.add needs the caller's transaction (a @Transactional method):"
                    + " the event must be committed with the state it announces");
        }
        try (Connection connection = dataSource.getConnection()) {
            insert(connection, event, source);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot add " + event.type() + " " + event.eventId() + " to the outbox", e);
        }
        if (transactions.getResource(wakeKey) == null) {
            transactions.putResource(wakeKey, Boolean.TRUE);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        afterCommit.run();
                    }
                }
            });
        }
    }

    /**
     * Adds the event on this connection, in whatever transaction it has open: topic from {@link Topics}, key = leadId,
     * with the id of the HTTP request being served (if any) for the CloudEvents {@code requestid}.
     */
    public static void insert(Connection connection, TandemEvent event, String source) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setObject(1, event.eventId());
            statement.setString(2, Topics.topicOf(event));
            statement.setString(3, event.leadId());
            statement.setShort(4, (short) shardOf(event.leadId()));
            statement.setString(5, source);
            statement.setBytes(6, EventJson.toBytes(event));
            statement.setString(7, RequestId.current());
            statement.executeUpdate();
        }
    }

    /** String.hashCode is specified, so every replica and version puts a key in the same shard. */
    static int shardOf(String key) {
        return Math.floorMod(key.hashCode(), SHARDS);
    }
}
