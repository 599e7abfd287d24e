package dev.tandem.platform.calendar;

import java.time.LocalDate;
import java.util.List;

/**
 * One date with its own hours, whatever the week, holidays and closures say: a Saturday opened for a campaign, a
 * holiday staffed, or a short day before a closure ({@code "hours": ["09:00-12:00"]}). Wins over every other rule
 * of the calendar for that date.
 */
public record OpenDate(LocalDate date, List<TimeInterval> hours, String name) {

    public OpenDate {
        if (date == null) {
            throw new InvalidCalendarException("date", "required");
        }
        if (hours == null || hours.isEmpty()) {
            throw new InvalidCalendarException("hours", "required, at least one interval such as 09:00-18:00 "
                    + "(to close a date use closedDates)");
        }
        if (name == null || name.isBlank()) {
            throw new InvalidCalendarException("name", "required");
        }
        // The same checks as a weekday's hours; the day name in the message is replaced by this field's.
        try {
            hours = new WeeklyHours(java.util.Map.of(date.getDayOfWeek(), hours)).on(date.getDayOfWeek());
        } catch (InvalidCalendarException e) {
            throw new InvalidCalendarException("hours" + e.field().substring(date.getDayOfWeek().toString().length()),
                    e.reason());
        }
    }
}
