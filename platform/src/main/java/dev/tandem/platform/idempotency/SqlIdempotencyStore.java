package dev.tandem.platform.idempotency;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link IdempotencyStore} in PostgreSQL: platform's table {@code idempotency_key} ({@code db/platform/V2}), one row
 * per key; {@code INSERT … ON CONFLICT DO NOTHING} claims, {@code UPDATE/DELETE … WHERE id = ? AND owner = ?} are
 * the conditional writes. Connections come from the service's (JTA-aware) data source: called inside a transaction,
 * a write joins it, which is what {@link Idempotency#executeInTransaction} relies on to commit the kept answer with
 * the work's effects and outbox rows; called outside one, each write commits on its own (the claim, so that a
 * concurrent attempt sees it in progress at once).
 *
 * <p>{@link #complete} also moves the owner to {@code <owner>/completed}: a takeover that read the attempt as
 * abandoned and waited on the row lock of the completing transaction then matches nothing, instead of overwriting a
 * committed answer.
 */
public final class SqlIdempotencyStore implements IdempotencyStore {

    static final String COMPLETED_SUFFIX = "/completed";

    private final DataSource dataSource;

    public SqlIdempotencyStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public boolean insert(IdempotencyRecord record) {
        return update("INSERT INTO idempotency_key (id, caller, key, method, path, fingerprint, owner, started_at,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING", s -> {
            bindRequest(s, record, 1);
        }) == 1;
    }

    @Override
    public Optional<IdempotencyRecord> find(String id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT id, caller, key, method, path,"
                     + " fingerprint, owner, started_at, created_at, status, content_type, location, body"
                     + " FROM idempotency_key WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                StoredAnswer answer = null;
                int status = row.getInt(10);
                if (!row.wasNull()) {
                    byte[] body = row.getBytes(13);
                    answer = new StoredAnswer(status, row.getString(11), row.getString(12),
                            body == null ? new byte[0] : body);
                }
                return Optional.of(new IdempotencyRecord(row.getString(1), row.getString(2), row.getString(3),
                        row.getString(4), row.getString(5), row.getString(6), row.getString(7),
                        row.getTimestamp(8).toInstant(), row.getTimestamp(9).toInstant(), answer));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read Idempotency-Key record " + id, e);
        }
    }

    @Override
    public boolean replace(String id, String previousOwner, IdempotencyRecord replacement) {
        return update("UPDATE idempotency_key SET id = ?, caller = ?, key = ?, method = ?, path = ?, fingerprint = ?,"
                + " owner = ?, started_at = ?, created_at = ?, status = NULL, content_type = NULL, location = NULL,"
                + " body = NULL, completed_at = NULL WHERE id = ? AND owner = ?", s -> {
            int next = bindRequest(s, replacement, 1);
            s.setString(next, id);
            s.setString(next + 1, previousOwner);
        }) == 1;
    }

    @Override
    public boolean complete(String id, String owner, StoredAnswer answer, Instant completedAt) {
        return update("UPDATE idempotency_key SET status = ?, content_type = ?, location = ?, body = ?,"
                + " completed_at = ?, owner = ? WHERE id = ? AND owner = ?", s -> {
            s.setInt(1, answer.status());
            s.setString(2, answer.contentType());
            s.setString(3, answer.location());
            s.setBytes(4, answer.body());
            s.setTimestamp(5, Timestamp.from(completedAt));
            s.setString(6, owner + COMPLETED_SUFFIX);
            s.setString(7, id);
            s.setString(8, owner);
        }) == 1;
    }

    @Override
    public void release(String id, String owner) {
        update("DELETE FROM idempotency_key WHERE id = ? AND owner = ?", s -> {
            s.setString(1, id);
            s.setString(2, owner);
        });
    }

    @Override
    public long purgeCreatedBefore(Instant cutoff) {
        return update("DELETE FROM idempotency_key WHERE created_at < ?", s -> s.setTimestamp(1, Timestamp.from(cutoff)));
    }

    private static int bindRequest(PreparedStatement s, IdempotencyRecord record, int first) throws SQLException {
        s.setString(first, record.id());
        s.setString(first + 1, record.caller());
        s.setString(first + 2, record.key());
        s.setString(first + 3, record.method());
        s.setString(first + 4, record.path());
        s.setString(first + 5, record.fingerprint());
        s.setString(first + 6, record.owner());
        s.setTimestamp(first + 7, Timestamp.from(record.startedAt()));
        s.setTimestamp(first + 8, Timestamp.from(record.createdAt()));
        return first + 9;
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private int update(String sql, Binder binder) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Idempotency-Key store: " + e.getMessage(), e);
        }
    }
}
