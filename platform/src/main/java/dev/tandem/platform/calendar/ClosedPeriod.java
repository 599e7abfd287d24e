package dev.tandem.platform.calendar;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.time.LocalDate;
import java.time.MonthDay;
import java.time.format.DateTimeParseException;

/**
 * Days a company is closed every year, {@code from} to {@code to} inclusive; a period whose {@code to} comes before
 * its {@code from} wraps the year end ({@code 12-29} to {@code 01-03} is the New Year break). Written as
 * {@code {"from": "12-29", "to": "01-03", "name": "年末年始休業"}}.
 */
public record ClosedPeriod(
        @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "MM-dd") MonthDay from,
        @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "MM-dd") MonthDay to,
        String name) {

    public ClosedPeriod {
        if (from == null) {
            throw new InvalidCalendarException("from", "required, a month and day such as 12-29");
        }
        if (to == null) {
            throw new InvalidCalendarException("to", "required, a month and day such as 01-03");
        }
        if (name == null || name.isBlank()) {
            throw new InvalidCalendarException("name", "required");
        }
    }

    /** {@code of("12-29", "01-03", "年末年始休業")}. */
    public static ClosedPeriod of(String from, String to, String name) {
        return new ClosedPeriod(monthDay("from", from), monthDay("to", to), name);
    }

    private static MonthDay monthDay(String field, String text) {
        try {
            return MonthDay.parse("--" + text);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new InvalidCalendarException(field, "'" + text + "' is not a month and day such as 12-29");
        }
    }

    public boolean contains(LocalDate date) {
        MonthDay day = MonthDay.from(date);
        return from.compareTo(to) <= 0
                ? !day.isBefore(from) && !day.isAfter(to)
                : !day.isBefore(from) || !day.isAfter(to);
    }
}
