package dev.tandem.platform.outbox.sql;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;

/**
 * Applies platform's migrations ({@code classpath:db/platform}: the outbox and processed-event tables) to a
 * service's database, with a Flyway history table of their own ({@value #HISTORY_TABLE}). The service's own
 * migrations ({@code db/migration}, Quarkus Flyway, {@code flyway_schema_history}) keep their own version numbers:
 * in one history, a platform {@code V2} added after a service reached {@code V7} would be refused as out of order.
 * Idempotent; replicas starting together take Flyway's lock in turn.
 */
public final class PlatformSchema {

    public static final String LOCATION = "classpath:db/platform";
    public static final String HISTORY_TABLE = "platform_schema_history";

    private PlatformSchema() {
    }

    /** Applies what is new; returns how many migrations were applied. */
    public static int migrate(DataSource dataSource) {
        return Flyway.configure(PlatformSchema.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                // The schema already holds the service's tables: start this history below platform's V1.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate()
                .migrationsExecuted;
    }
}
