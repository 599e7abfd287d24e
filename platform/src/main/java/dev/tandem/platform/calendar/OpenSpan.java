package dev.tandem.platform.calendar;

import java.time.Duration;
import java.time.Instant;

/** A stretch of open time, {@code [start, end)}, as instants: one interval of a day's hours placed on the clock. */
public record OpenSpan(Instant start, Instant end) {

    public OpenSpan {
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("an open span must start before it ends: " + start + " – " + end);
        }
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }

    public Duration length() {
        return Duration.between(start, end);
    }
}
