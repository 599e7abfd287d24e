package dev.tandem.scoring;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** The window a behaviour rule's limit counts in: rolling days, or the lead's whole history. */
public enum LimitPeriod {
    P1D("P1D", Duration.ofDays(1)), P7D("P7D", Duration.ofDays(7)), P30D("P30D", Duration.ofDays(30)),
    LIFETIME("lifetime", null);

    private final String json;
    private final Duration window;

    LimitPeriod(String json, Duration window) {
        this.json = json;
        this.window = window;
    }

    public String json() {
        return json;
    }

    /** Null for {@link #LIFETIME}. */
    public Duration window() {
        return window;
    }

    public static Optional<LimitPeriod> fromJson(String name) {
        return Arrays.stream(values()).filter(p -> p.json.equals(name)).findFirst();
    }
}
