package dev.tandem.bench;

import dev.tandem.testing.JwtKeys;
import dev.tandem.testing.Tokens;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Options of a benchmark that runs against a started suite ({@code ./tandem up}): {@code --name value} pairs, and
 * tokens signed with the suite's dev key ({@code --keys}, default {@code .tandem/keys}).
 */
public final class SuiteOptions {

    private final Map<String, String> values;
    private final Tokens tokens;

    private SuiteOptions(Map<String, String> values) {
        this.values = values;
        this.tokens = new Tokens(JwtKeys.readPrivate(Path.of(get("keys", ".tandem/keys"), "private.pem")));
    }

    public static SuiteOptions parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            values.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return new SuiteOptions(values);
    }

    public String get(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    public int getInt(String name, int defaultValue) {
        return Integer.parseInt(get(name, String.valueOf(defaultValue)));
    }

    /** A one-hour token for a bench user with this role. */
    public String token(String role) {
        return tokens.mint("bench-" + role, Set.of(role), Duration.ofHours(1));
    }
}
