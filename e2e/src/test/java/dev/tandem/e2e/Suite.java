package dev.tandem.e2e;

import dev.tandem.testing.GatewayTokens;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where the running suite ({@code ./tandem up}) is and how to get in: addresses from the environment with the
 * local defaults, tokens minted by the suite's gateway with the dev API key that the first {@code ./tandem up} kept in
 * {@code keys/admin.json}.
 */
public final class Suite {

    public static final Path HOME = Path.of(env("TANDEM_HOME", ".tandem")).toAbsolutePath();
    public static final String KAFKA = env("TANDEM_KAFKA", "127.0.0.1:" + env("TANDEM_KAFKA_PORT", "9092"));
    public static final String MONGO = env("TANDEM_MONGO", "mongodb://127.0.0.1:" + env("TANDEM_MONGO_PORT", "27017"));
    /** The devstack's PostgreSQL; each service database's role has the role's name as its local password. */
    public static final String POSTGRES = "jdbc:postgresql://127.0.0.1:" + env("TANDEM_POSTGRES_PORT", "5432") + "/";
    public static final String SMTP_HOST = "127.0.0.1";
    public static final int SMTP_PORT = Integer.parseInt(env("TANDEM_SMTP_PORT", "2525"));
    /** The devstack's own HTTP port: readiness and the list of received mail. */
    public static final String DEVSTACK = "http://127.0.0.1:" + env("TANDEM_DEVSTACK_PORT", "8025");

    public static final String LEAD_SERVICE = "http://127.0.0.1:8081";
    public static final String SCORING_SERVICE = "http://127.0.0.1:8082";
    public static final String GATEWAY = "http://127.0.0.1:8080";
    /** The first admin's credentials and the dev API key, written by the gateway at the suite's first start. */
    public static final Path CREDENTIALS = HOME.resolve("keys/admin.json");

    private static GatewayTokens tokens;

    private Suite() {
    }

    /** A bearer token the running services accept. */
    public static synchronized String token(String role, String subject) {
        return tokens().token(subject, List.of(role), Duration.ofMinutes(30));
    }

    public static synchronized GatewayTokens tokens() {
        if (tokens == null) {
            tokens = GatewayTokens.fromCredentials(CREDENTIALS, URI.create(GATEWAY));
        }
        return tokens;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
