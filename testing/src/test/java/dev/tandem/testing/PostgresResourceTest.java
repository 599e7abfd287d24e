package dev.tandem.testing;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Each start of the resource (each test profile) gets a database of its own on the JVM's one server. */
class PostgresResourceTest {

    @Test
    void eachStartGivesAFreshDatabaseThatTheOthersDoNotSee() throws Exception {
        PostgresResource first = new PostgresResource();
        PostgresResource second = new PostgresResource();
        Map<String, String> one = first.start();
        Map<String, String> two = second.start();
        try {
            assertEquals("postgresql", one.get("quarkus.datasource.db-kind"));
            assertNotEquals(one.get("quarkus.datasource.jdbc.url"), two.get("quarkus.datasource.jdbc.url"));
            try (Connection connection = connect(one)) {
                connection.createStatement().execute("CREATE TABLE note (id int PRIMARY KEY)");
                connection.createStatement().execute("INSERT INTO note VALUES (1)");
            }
            try (Connection connection = connect(two);
                 ResultSet tables = connection.getMetaData().getTables(null, "public", "note", null)) {
                assertFalse(tables.next(), "the second database sees the first one's table");
            }
        } finally {
            first.stop();
            second.stop();
        }
        assertThrows(SQLException.class, () -> connect(one).close(), "the database outlived its resource");
    }

    private static Connection connect(Map<String, String> config) throws SQLException {
        return DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"));
    }
}
