package dev.tandem.devstack;

import java.nio.file.Path;
import java.util.Map;

/** Where the devstack keeps its data and which loopback ports it takes; every value can come from the environment. */
record DevStackConfig(Path home, int kafkaPort, int kafkaControllerPort, int mongoPort, int postgresPort, int smtpPort,
                      int imapPort, int httpPort) {

    static DevStackConfig fromEnvironment(Map<String, String> env) {
        return new DevStackConfig(
                Path.of(env.getOrDefault("TANDEM_HOME", ".tandem")).toAbsolutePath(),
                port(env, "TANDEM_KAFKA_PORT", 9092),
                port(env, "TANDEM_KAFKA_CONTROLLER_PORT", 9093),
                port(env, "TANDEM_MONGO_PORT", 27017),
                port(env, "TANDEM_POSTGRES_PORT", 5432),
                port(env, "TANDEM_SMTP_PORT", 2525),
                port(env, "TANDEM_IMAP_PORT", 3143),
                port(env, "TANDEM_DEVSTACK_PORT", 8025));
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + value + " is not a port number (1-65535)");
        }
    }

    Path kafkaData() {
        return home.resolve("data/kafka");
    }

    Path mongoFile() {
        return home.resolve("data/mongo.mv");
    }

    Path postgresData() {
        return home.resolve("data/postgres");
    }

    /** The PostgreSQL server's own log, beside the devstack's. */
    Path postgresLog() {
        return home.resolve("logs/postgres.log");
    }
}
