package dev.tandem.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gives a Quarkus test a fresh PostgreSQL database, owned by a role of its own, on a real server: the one named by
 * {@code TANDEM_POSTGRES} (a JDBC URL base such as {@code jdbc:postgresql://127.0.0.1:5432/}, administered as
 * {@code TANDEM_POSTGRES_USER}/{@code TANDEM_POSTGRES_PASSWORD}, default {@code postgres} with no password) when set,
 * otherwise one {@link PostgresServer} per test JVM, started on first use in a temporary folder and stopped at JVM
 * exit. Each start of the resource (each test profile) gets a new database, so tests never see each other's rows;
 * it is dropped when the resource stops. Sets {@code quarkus.datasource.db-kind}, {@code .jdbc.url},
 * {@code .username} and {@code .password}.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    public static final String ENV = "TANDEM_POSTGRES";

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static PostgresServer shared;
    private static Path sharedData;

    private TestDatabase database;

    /** A database made for one test: its JDBC URL and the credentials of the role that owns it. */
    public record TestDatabase(String jdbcBase, String name, String user, String password) {

        public String jdbcUrl() {
            return jdbcBase + name;
        }

        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl(), user, password);
        }
    }

    @Override
    public Map<String, String> start() {
        database = createDatabase();
        return Map.of(
                "quarkus.datasource.db-kind", "postgresql",
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", database.user(),
                "quarkus.datasource.password", database.password());
    }

    @Override
    public void stop() {
        if (database != null) {
            dropDatabase(database);
        }
    }

    /** A new, empty database (for plain JUnit tests too): on {@code TANDEM_POSTGRES} or this JVM's server. */
    public static TestDatabase createDatabase() {
        String name = "test_" + COUNTER.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 8);
        // The role is named after the database and its password is the name too: test credentials only.
        TestDatabase database = new TestDatabase(jdbcBase(), name, name, name);
        PostgresServer.ensureDatabase(database.jdbcBase(), adminUser(), adminPassword(), name, name, name);
        return database;
    }

    public static void dropDatabase(TestDatabase database) {
        PostgresServer.dropDatabase(database.jdbcBase(), adminUser(), adminPassword(), database.name(), database.user());
    }

    private static String jdbcBase() {
        String external = System.getenv(ENV);
        if (external != null && !external.isBlank()) {
            return external.endsWith("/") ? external : external + "/";
        }
        return sharedServer().jdbcBase();
    }

    private static String adminUser() {
        String user = System.getenv("TANDEM_POSTGRES_USER");
        return user == null || user.isBlank() ? PostgresServer.SUPERUSER : user;
    }

    private static String adminPassword() {
        String password = System.getenv("TANDEM_POSTGRES_PASSWORD");
        return password == null ? "" : password;
    }

    /** This JVM's server: started once (~3 s), shared by every test, stopped and deleted at JVM exit. */
    static synchronized PostgresServer sharedServer() {
        if (shared == null) {
            try {
                sharedData = Files.createTempDirectory("tandem-postgres-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            shared = PostgresServer.start(sharedData.resolve("data"), FreePort.find(), false,
                    sharedData.resolve("postgres.log"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                shared.close();
                TempFolders.delete(sharedData);
            }, "tandem-postgres-stop"));
        }
        return shared;
    }
}
