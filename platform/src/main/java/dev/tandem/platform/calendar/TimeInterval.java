package dev.tandem.platform.calendar;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/**
 * Opening hours within one local day, {@code [start, end)} in wall-clock time. An end of {@code 00:00} means the
 * end of the day (24:00), so {@code 00:00-00:00} is the whole day; an interval never runs past midnight (split a
 * night shift over two days). Written as {@code "09:00-18:00"} in JSON.
 */
public record TimeInterval(LocalTime start, LocalTime end) {

    public TimeInterval {
        if (start == null) {
            throw new InvalidCalendarException("start", "required");
        }
        if (end == null) {
            throw new InvalidCalendarException("end", "required");
        }
        if (!end.equals(LocalTime.MIDNIGHT) && !start.isBefore(end)) {
            throw new InvalidCalendarException("", "interval " + text(start, end) + " must start before it ends "
                    + "(00:00 as the end means midnight at the end of the day)");
        }
    }

    public static TimeInterval of(LocalTime start, LocalTime end) {
        return new TimeInterval(start, end);
    }

    /** Parses {@code "09:00-18:00"} (seconds allowed: {@code "09:00:30-18:00"}). */
    @JsonCreator
    public static TimeInterval parse(String text) {
        if (text == null) {
            throw new InvalidCalendarException("", "required");
        }
        int dash = text.indexOf('-');
        if (dash < 0) {
            throw new InvalidCalendarException("", "'" + text + "' is not an interval such as 09:00-18:00");
        }
        try {
            return new TimeInterval(LocalTime.parse(text.substring(0, dash).trim()),
                    LocalTime.parse(text.substring(dash + 1).trim()));
        } catch (DateTimeParseException e) {
            throw new InvalidCalendarException("", "'" + text + "' is not an interval such as 09:00-18:00");
        }
    }

    /** True when the interval runs until midnight at the end of its day. */
    public boolean endsAtMidnight() {
        return end.equals(LocalTime.MIDNIGHT);
    }

    /** True when the two share some time (touching intervals such as 09:00-12:00 and 12:00-13:00 do not). */
    public boolean overlaps(TimeInterval other) {
        return start.compareTo(other.endOfDayAware()) < 0 && other.start.compareTo(endOfDayAware()) < 0;
    }

    private LocalTime endOfDayAware() {
        return endsAtMidnight() ? LocalTime.MAX : end;
    }

    @JsonValue
    @Override
    public String toString() {
        return text(start, end);
    }

    private static String text(LocalTime start, LocalTime end) {
        return start + "-" + end;
    }
}
