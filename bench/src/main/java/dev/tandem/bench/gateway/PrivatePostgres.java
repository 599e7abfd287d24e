package dev.tandem.bench.gateway;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A PostgreSQL of its own for measuring a gateway alone ({@code bench/gateway-alone}): {@code PORT DATA_DIR}, user and
 * database {@code gateway} as the gateway expects; data kept between runs. Prints {@code ready}, then runs until
 * killed.
 */
public final class PrivatePostgres {

    private PrivatePostgres() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(Integer.parseInt(args[0]))
                .setDataDirectory(new File(args[1])).setCleanDataDirectory(false).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception ignored) {
                // Stopping anyway.
            }
        }));
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement();
             ResultSet role = statement.executeQuery("select 1 from pg_roles where rolname = 'gateway'")) {
            if (!role.next()) {
                statement.execute("create user gateway password 'gateway'");
                statement.execute("create database tandem_gateway owner gateway");
            }
        }
        System.out.println("ready");
        Thread.currentThread().join();
    }
}
