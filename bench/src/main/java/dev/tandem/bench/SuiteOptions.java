package dev.tandem.bench;

import dev.tandem.testing.GatewayTokens;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Options of a benchmark that runs against a started suite ({@code ./tandem up}): {@code --name value} pairs, and
 * tokens minted by the suite's gateway ({@code --gateway}, default {@code http://127.0.0.1:8080}) with the dev API key
 * that {@code ./tandem up} keeps in {@code admin.json} under {@code --keys} (default {@code .tandem/keys}).
 */
public final class SuiteOptions {

    private final Map<String, String> values;
    private final GatewayTokens tokens;

    private SuiteOptions(Map<String, String> values) {
        this.values = values;
        this.tokens = GatewayTokens.fromCredentials(Path.of(get("keys", ".tandem/keys"), "admin.json"),
                URI.create(get("gateway", GatewayTokens.LOCAL_GATEWAY.toString())));
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
        return tokens.token("bench-" + role, List.of(role), Duration.ofHours(1));
    }
}
