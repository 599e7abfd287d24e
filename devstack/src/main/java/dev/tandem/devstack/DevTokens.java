package dev.tandem.devstack;

import dev.tandem.testing.JwtKeys;
import dev.tandem.testing.Tokens;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code keys DIR}: makes the dev key pair once. {@code token DIR ROLE [SUBJECT]}: prints a JWT that the local
 * services accept, signed with that pair (valid {@code TANDEM_TOKEN_TTL_MINUTES}, default 480 minutes).
 */
public final class DevTokens {

    static final List<String> ROLES = List.of("admin", "marketing", "sales", "tracker");

    private DevTokens() {
    }

    public static void main(String[] args) {
        if (args.length == 2 && args[0].equals("keys")) {
            JwtKeys.ensurePair(Path.of(args[1]));
            return;
        }
        if ((args.length == 3 || args.length == 4) && args[0].equals("token")) {
            String role = args[2];
            if (!ROLES.contains(role)) {
                fail("unknown role '" + role + "'; roles: " + String.join(", ", ROLES));
            }
            Path keys = Path.of(args[1]);
            JwtKeys.ensurePair(keys);
            String subject = args.length == 4 ? args[3] : role + "-1";
            System.out.println(new Tokens(JwtKeys.readPrivate(keys.resolve("private.pem")))
                    .mint(subject, Set.of(role), Duration.ofMinutes(ttlMinutes())));
            return;
        }
        fail("usage: DevTokens keys DIR | token DIR ROLE [SUBJECT]");
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
