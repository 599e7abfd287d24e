package dev.tandem.feedback.service;

import dev.tandem.platform.calendar.BusinessCalendar;
import dev.tandem.platform.calendar.CalendarDefinition;
import dev.tandem.platform.calendar.HolidaySource;
import dev.tandem.platform.calendar.WeeklyHours;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SlaClockTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final BusinessCalendar OFFICE = BusinessCalendar.of(
            CalendarDefinition.of(TOKYO, HolidaySource.JAPAN, WeeklyHours.weekdays("09:00-18:00")));

    private static Instant tokyo(String local) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(local), TOKYO).toInstant();
    }

    @Test
    void aFridayMqlIsDueMondayAtClosing() {
        assertEquals(tokyo("2026-03-09T18:00"), SlaClock.due(OFFICE, tokyo("2026-03-06T15:00"), 1));
    }

    @Test
    void goldenWeekStopsTheClock() {
        // 2025: Fri 5/2 is a business day; 5/3–5/6 are holidays (5/6 the substitute for Children's Day on a Sunday).
        assertEquals(tokyo("2025-05-07T18:00"), SlaClock.due(OFFICE, tokyo("2025-05-02T10:00"), 1));
        // Ten business days from Mon 4/28 2025: 4/29 Shōwa Day and 5/3–5/6 are skipped.
        assertEquals(tokyo("2025-05-15T18:00"), SlaClock.due(OFFICE, tokyo("2025-04-28T11:00"), 10));
    }

    @Test
    void anMqlOnAHolidayCountsFromTheNextBusinessDay() {
        assertEquals(tokyo("2025-05-08T18:00"), SlaClock.due(OFFICE, tokyo("2025-05-05T09:30"), 2));
    }
}
