package dev.tandem.platform.outbox.sql;

import dev.tandem.testing.PostgresResource;
import dev.tandem.testing.PostgresResource.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.ResultSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Platform's migrations beside a service's own: separate histories, so version numbers never collide. */
class PlatformSchemaTest {

    @Test
    void appliesOnceBesideTheServicesOwnMigrations() throws Exception {
        TestDatabase database = PostgresResource.createDatabase();
        try {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(database.jdbcUrl());
            dataSource.setUser(database.user());
            dataSource.setPassword(database.password());
            // The example service's V1 first, as Quarkus Flyway runs it at start; then platform's own V1.
            assertEquals(1, Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load()
                    .migrate().migrationsExecuted);

            assertEquals(2, PlatformSchema.migrate(dataSource), "V1 outbox, V2 idempotency keys");
            assertEquals(0, PlatformSchema.migrate(dataSource), "a second start applies nothing");
            try (Connection connection = dataSource.getConnection();
                 ResultSet rows = connection.createStatement().executeQuery(
                         "SELECT count(*) FROM outbox_shard")) {
                rows.next();
                assertEquals(SqlOutbox.SHARDS, rows.getInt(1), "outbox_shard must match SqlOutbox.SHARDS");
            }
        } finally {
            PostgresResource.dropDatabase(database);
        }
    }
}
