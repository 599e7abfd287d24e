package dev.tandem.platform.calendar;

import java.time.LocalDate;

/** One date a company is closed although it would be a business day (a company anniversary, a move). */
public record ClosedDate(LocalDate date, String name) {

    public ClosedDate {
        if (date == null) {
            throw new InvalidCalendarException("date", "required");
        }
        if (name == null || name.isBlank()) {
            throw new InvalidCalendarException("name", "required");
        }
    }
}
