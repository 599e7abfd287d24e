package dev.tandem.platform.outbox.sql;

import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.TandemEvent;
import dev.tandem.testing.PostgresResource;
import dev.tandem.testing.PostgresResource.TestDatabase;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh database with platform's schema and a connection pool on it (Agroal, as in a service), for the SQL outbox
 * tests: a real PostgreSQL 17 (testing's PostgresResource), no mocks.
 */
final class OutboxDatabase implements AutoCloseable {

    final TestDatabase database;
    final AgroalDataSource pool;

    private OutboxDatabase(TestDatabase database, AgroalDataSource pool) {
        this.database = database;
        this.pool = pool;
    }

    static OutboxDatabase create() throws SQLException {
        TestDatabase database = PostgresResource.createDatabase();
        AgroalDataSource pool = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(connections -> connections
                        .maxSize(20)
                        .connectionFactoryConfiguration(factory -> factory
                                .jdbcUrl(database.jdbcUrl())
                                .principal(new NamePrincipal(database.user()))
                                .credential(new SimplePassword(database.password())))));
        PlatformSchema.migrate(pool);
        return new OutboxDatabase(database, pool);
    }

    /** Commits these events in one transaction of a plain connection, as a service would with its state. */
    void commit(List<? extends TandemEvent> events, String source) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            for (TandemEvent event : events) {
                SqlOutbox.insert(connection, event, source);
            }
            connection.commit();
        }
    }

    long count(String table) throws SQLException {
        try (Connection connection = pool.getConnection();
             ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** An activity of this lead whose {@code seq} property says where it stands among the lead's events. */
    static ActivityRecorded activity(String leadId, int seq) {
        return new ActivityRecorded(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MILLIS), leadId, 1,
                "meeting", null, "sales-app", Map.of("seq", seq, "memo", "訪問メモ " + seq));
    }

    @Override
    public void close() {
        pool.close();
        PostgresResource.dropDatabase(database);
    }
}
