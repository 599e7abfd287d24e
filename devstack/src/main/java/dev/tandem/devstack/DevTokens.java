package dev.tandem.devstack;

import dev.tandem.testing.GatewayTokens;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code token CREDENTIALS GATEWAY ROLE [SUBJECT]}: prints a JWT that the local services accept, minted by the
 * running gateway with the dev API key kept in CREDENTIALS ({@code $TANDEM_HOME/keys/admin.json}); valid
 * {@code TANDEM_TOKEN_TTL_MINUTES}, default 480 minutes.
 */
public final class DevTokens {

    static final List<String> ROLES = List.of("admin", "marketing", "sales", "tracker");

    private DevTokens() {
    }

    public static void main(String[] args) {
        if ((args.length == 4 || args.length == 5) && args[0].equals("token")) {
            String role = args[3];
            if (!ROLES.contains(role)) {
                fail("unknown role '" + role + "'; roles: " + String.join(", ", ROLES));
            }
            String subject = args.length == 5 ? args[4] : role + "-1";
            try {
                System.out.println(GatewayTokens.fromCredentials(Path.of(args[1]), URI.create(args[2]))
                        .token(subject, List.of(role), Duration.ofMinutes(ttlMinutes())));
            } catch (RuntimeException e) {
                fail(e.getMessage());
            }
            return;
        }
        fail("usage: DevTokens token CREDENTIALS GATEWAY-URL ROLE [SUBJECT]");
    }

    private static long ttlMinutes() {
        String value = System.getenv("TANDEM_TOKEN_TTL_MINUTES");
        try {
            return value == null || value.isBlank() ? 480 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            fail("TANDEM_TOKEN_TTL_MINUTES=" + value + " is not a number of minutes");
            return 0;
        }
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
