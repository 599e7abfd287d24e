package dev.tandem.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server devstack runs: a real PostgreSQL 17 whose data outlives a restart, one locked-down role per database. */
class PostgresServerTest {

    private Path folder;
    private int port;
    private PostgresServer server;

    @BeforeEach
    void start() throws Exception {
        folder = Files.createTempDirectory("tandem-postgres-test-");
        port = FreePort.find();
        server = PostgresServer.start(folder.resolve("postgres"), port, true, folder.resolve("postgres.log"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        TempFolders.delete(folder);
    }

    @Test
    void isPostgresql17() {
        assertTrue(server.version().startsWith("17."), server.version());
    }

    @Test
    void keepsCommittedRowsAcrossARestartOnTheSameDataDirectory() throws Exception {
        server.ensureDatabase("tandem_nurture", "nurture", "nurture");
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("tandem_nurture"), "nurture", "nurture");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE campaign (id int PRIMARY KEY, name text NOT NULL)");
            statement.execute("INSERT INTO campaign VALUES (1, '春の導入キャンペーン')");
        }

        server.close();
        server = null;
        server = PostgresServer.start(folder.resolve("postgres"), port, true, folder.resolve("postgres.log"));
        // As devstack does at every start: changes nothing that exists.
        server.ensureDatabase("tandem_nurture", "nurture", "nurture");

        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("tandem_nurture"), "nurture", "nurture");
             ResultSet rows = connection.createStatement().executeQuery("SELECT name FROM campaign WHERE id = 1")) {
            assertTrue(rows.next(), "the row written before the restart is gone");
            assertEquals("春の導入キャンペーン", rows.getString(1));
        }
    }

    @Test
    void aRoleConnectsWithItsPasswordToItsOwnDatabaseOnly() {
        server.ensureDatabase("tandem_nurture", "nurture", "nurture");
        server.ensureDatabase("tandem_feedback", "feedback", "feedback");

        SQLException otherDatabase = assertThrows(SQLException.class, () ->
                DriverManager.getConnection(server.jdbcUrl("tandem_feedback"), "nurture", "nurture").close());
        assertEquals("42501", otherDatabase.getSQLState(), otherDatabase.getMessage());
        SQLException maintenance = assertThrows(SQLException.class, () ->
                DriverManager.getConnection(server.jdbcUrl("postgres"), "nurture", "nurture").close());
        assertEquals("42501", maintenance.getSQLState(), maintenance.getMessage());
        SQLException wrongPassword = assertThrows(SQLException.class, () ->
                DriverManager.getConnection(server.jdbcUrl("tandem_nurture"), "nurture", "feedback").close());
        assertEquals("28P01", wrongPassword.getSQLState(), wrongPassword.getMessage());
    }
}
