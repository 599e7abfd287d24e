package dev.tandem.platform.calendar;

import java.time.LocalDate;

/**
 * A public holiday: its date, its name in the country's language (元日, 振替休日) and in English. An operator-supplied
 * holiday may leave {@code englishName} out; it then repeats {@code name}.
 */
public record Holiday(LocalDate date, String name, String englishName) {

    public Holiday {
        if (date == null) {
            throw new InvalidCalendarException("date", "required");
        }
        if (name == null || name.isBlank()) {
            throw new InvalidCalendarException("name", "required");
        }
        if (englishName == null || englishName.isBlank()) {
            englishName = name;
        }
    }

    public Holiday(LocalDate date, String name) {
        this(date, name, name);
    }
}
