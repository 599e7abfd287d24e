package dev.tandem.platform.calendar;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BusinessCalendarTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private static final BusinessCalendar TOKYO_OFFICE = BusinessCalendar.of(
            CalendarDefinition.of(TOKYO, HolidaySource.JAPAN, WeeklyHours.weekdays("09:00-18:00")));

    /** An instant written with its offset, so a test reads as local time: {@code at("2025-05-07T09:00+09:00")}. */
    private static Instant at(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    // --- Tokyo ---------------------------------------------------------------------------------------------------

    @Test
    void four_business_hours_from_friday_17_00_end_monday_12_00() {
        assertEquals(at("2026-01-19T12:00+09:00"), TOKYO_OFFICE.addBusinessTime(at("2026-01-16T17:00+09:00"),
                Duration.ofHours(4)));
    }

    @Test
    void business_time_that_runs_out_at_closing_ends_at_closing() {
        assertEquals(at("2026-01-16T18:00+09:00"),
                TOKYO_OFFICE.addBusinessTime(at("2026-01-16T17:00+09:00"), Duration.ofHours(1)));
        assertEquals(at("2026-01-19T09:00:01+09:00"),
                TOKYO_OFFICE.addBusinessTime(at("2026-01-16T17:00+09:00"), Duration.ofSeconds(3601)));
        assertEquals(at("2026-01-17T03:00+09:00"),
                TOKYO_OFFICE.addBusinessTime(at("2026-01-17T03:00+09:00"), Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> TOKYO_OFFICE.addBusinessTime(at("2026-01-16T17:00+09:00"), Duration.ofHours(-1)));
    }

    @Test
    void golden_week_2025() {
        assertTrue(TOKYO_OFFICE.isBusinessDay(LocalDate.of(2025, 4, 28)));
        assertFalse(TOKYO_OFFICE.isBusinessDay(LocalDate.of(2025, 4, 29)));
        assertTrue(TOKYO_OFFICE.isBusinessDay(LocalDate.of(2025, 5, 2)));
        for (int day = 3; day <= 6; day++) {
            assertFalse(TOKYO_OFFICE.isBusinessDay(LocalDate.of(2025, 5, day)), "5/" + day);
        }
        assertEquals("振替休日", TOKYO_OFFICE.holiday(LocalDate.of(2025, 5, 6)).orElseThrow().name());
        assertEquals(LocalDate.of(2025, 5, 7), TOKYO_OFFICE.nextBusinessDay(LocalDate.of(2025, 5, 2)));
        // the send/SLA view of it: from Friday evening the next open moment is Wednesday morning
        assertEquals(at("2025-05-07T09:00+09:00"), TOKYO_OFFICE.nextOpen(at("2025-05-02T19:30+09:00")));
        assertEquals(at("2025-05-07T10:00+09:00"),
                TOKYO_OFFICE.addBusinessTime(at("2025-05-02T17:00+09:00"), Duration.ofHours(2)));
        // 4/28, 4/30, 5/1, 5/2 open, nine hours each
        assertEquals(Duration.ofHours(36), TOKYO_OFFICE.businessTimeBetween(at("2025-04-28T09:00+09:00"),
                at("2025-05-07T09:00+09:00")));
    }

    @Test
    void next_open_is_the_instant_itself_when_open() {
        Instant open = at("2025-05-07T13:37:12+09:00");
        assertEquals(open, TOKYO_OFFICE.nextOpen(open));
        assertEquals(at("2025-05-07T09:00+09:00"), TOKYO_OFFICE.nextOpen(at("2025-05-07T09:00+09:00")));
        // 18:00 is closed ([09:00, 18:00))
        assertEquals(at("2025-05-08T09:00+09:00"), TOKYO_OFFICE.nextOpen(at("2025-05-07T18:00+09:00")));
        assertTrue(TOKYO_OFFICE.isOpen(at("2025-05-07T17:59:59+09:00")));
        assertFalse(TOKYO_OFFICE.isOpen(at("2025-05-07T18:00+09:00")));
    }

    @Test
    void business_days_of_an_instant_are_read_in_the_calendars_zone() {
        // 2025-05-06T15:00Z is 5/7 00:00 in Tokyo (a business day); a minute earlier is still the 5/6 holiday
        assertTrue(TOKYO_OFFICE.isBusinessDay(Instant.parse("2025-05-06T15:00:00Z")));
        assertFalse(TOKYO_OFFICE.isBusinessDay(Instant.parse("2025-05-06T14:59:00Z")));
    }

    @Test
    void business_time_between_is_negative_when_reversed() {
        Instant friday = at("2026-01-16T17:00+09:00");
        Instant monday = at("2026-01-19T12:00+09:00");
        assertEquals(Duration.ofHours(4), TOKYO_OFFICE.businessTimeBetween(friday, monday));
        assertEquals(Duration.ofHours(-4), TOKYO_OFFICE.businessTimeBetween(monday, friday));
        assertEquals(Duration.ZERO, TOKYO_OFFICE.businessTimeBetween(friday, friday));
        assertEquals(Duration.ZERO, TOKYO_OFFICE.businessTimeBetween(at("2026-01-17T00:00+09:00"),
                at("2026-01-19T09:00+09:00")));
    }

    @Test
    void lunch_break_as_two_intervals() {
        BusinessCalendar calendar = BusinessCalendar.of(CalendarDefinition.of(TOKYO, HolidaySource.JAPAN,
                WeeklyHours.weekdays("09:00-12:00", "13:00-18:00")));
        assertEquals(at("2026-01-19T13:00+09:00"), calendar.nextOpen(at("2026-01-19T12:30+09:00")));
        assertEquals(Duration.ofHours(8), calendar.businessTimeBetween(at("2026-01-19T08:00+09:00"),
                at("2026-01-19T19:00+09:00")));
        assertEquals(at("2026-01-19T14:00+09:00"),
                calendar.addBusinessTime(at("2026-01-19T11:00+09:00"), Duration.ofHours(2)));
        assertEquals(List.of(new OpenSpan(at("2026-01-19T09:00+09:00"), at("2026-01-19T12:00+09:00")),
                        new OpenSpan(at("2026-01-19T13:00+09:00"), at("2026-01-19T18:00+09:00"))),
                calendar.openSpans(LocalDate.of(2026, 1, 19)));
        assertEquals(List.of(), calendar.openSpans(LocalDate.of(2026, 1, 12)), "Coming of Age Day");
    }

    @Test
    void a_send_window_starting_on_a_holiday_opens_on_the_next_business_day() {
        BusinessCalendar sends = TOKYO_OFFICE.withHours(WeeklyHours.weekdays("10:00-17:00"));
        // Culture Day 2025 is a Monday
        assertEquals(at("2025-11-04T10:00+09:00"), sends.nextOpen(at("2025-11-03T08:00+09:00")));
        // Golden Week 2026: 5/4, 5/5 and the substitute 5/6 closed, Thursday 5/7 the first send
        assertEquals(at("2026-05-07T10:00+09:00"), sends.nextOpen(at("2026-05-04T08:00+09:00")));
        // the window's own hours, the calendar's days
        assertEquals(at("2025-11-04T10:00+09:00"), sends.nextOpen(at("2025-11-04T09:30+09:00")));
        assertEquals(Duration.ofHours(7), sends.businessTimeBetween(at("2025-11-03T00:00+09:00"),
                at("2025-11-05T00:00+09:00")));
        assertEquals(WeeklyHours.weekdays("09:00-18:00"), TOKYO_OFFICE.hours(), "the calendar itself is unchanged");
        assertThrows(InvalidCalendarException.class, () -> TOKYO_OFFICE.withHours(
                WeeklyHours.of(EnumSet.of(DayOfWeek.SUNDAY), "10:00-12:00")));
    }

    @Test
    void company_closed_from_12_29_to_01_03_across_the_year_end() {
        BusinessCalendar calendar = BusinessCalendar.of(TOKYO_OFFICE.definition()
                .withClosedPeriods(ClosedPeriod.of("12-29", "01-03", "年末年始休業")));
        assertTrue(calendar.isBusinessDay(LocalDate.of(2026, 12, 28)));
        for (LocalDate day = LocalDate.of(2026, 12, 29); day.isBefore(LocalDate.of(2027, 1, 4));
                day = day.plusDays(1)) {
            assertFalse(calendar.isBusinessDay(day), day.toString());
        }
        assertTrue(calendar.isBusinessDay(LocalDate.of(2027, 1, 4)));
        assertTrue(calendar.holiday(LocalDate.of(2026, 12, 30)).isEmpty(), "a closure is not a public holiday");
        assertEquals(LocalDate.of(2027, 1, 4), calendar.nextBusinessDay(LocalDate.of(2026, 12, 28)));
        assertEquals(at("2027-01-04T10:00+09:00"),
                calendar.addBusinessTime(at("2026-12-28T17:00+09:00"), Duration.ofHours(2)));
        assertEquals(Duration.ofHours(18), calendar.businessTimeBetween(at("2026-12-28T00:00+09:00"),
                at("2027-01-05T00:00+09:00")));
        // without the closure 12/29–12/31 are ordinary weekdays (the Tokyo office has no 1/2 holiday)
        assertTrue(TOKYO_OFFICE.isBusinessDay(LocalDate.of(2026, 12, 29)));
    }

    @Test
    void closed_dates_and_open_dates() {
        BusinessCalendar calendar = BusinessCalendar.of(TOKYO_OFFICE.definition()
                .withClosedDates(new ClosedDate(LocalDate.of(2026, 6, 15), "創立記念日"))
                .withOpenDates(new OpenDate(LocalDate.of(2026, 6, 13), List.of(TimeInterval.parse("10:00-16:00")),
                        "土曜セミナー")));
        assertTrue(calendar.isBusinessDay(LocalDate.of(2026, 6, 13)));
        assertFalse(calendar.isBusinessDay(LocalDate.of(2026, 6, 15)));
        assertEquals(at("2026-06-13T10:00+09:00"), calendar.nextOpen(at("2026-06-12T19:00+09:00")));
        assertEquals(at("2026-06-16T09:00+09:00"), calendar.nextOpen(at("2026-06-13T16:00+09:00")));
        assertEquals(Duration.ofHours(6 + 9), calendar.businessTimeBetween(at("2026-06-13T00:00+09:00"),
                at("2026-06-17T00:00+09:00")));
        // a send window uses its own Saturday hours on the open Saturday: it has none
        BusinessCalendar sends = calendar.withHours(WeeklyHours.weekdays("10:00-17:00"));
        assertEquals(at("2026-06-16T10:00+09:00"), sends.nextOpen(at("2026-06-12T19:00+09:00")));
        // an open date wins over a public holiday too
        BusinessCalendar staffed = BusinessCalendar.of(TOKYO_OFFICE.definition().withOpenDates(
                new OpenDate(LocalDate.of(2025, 5, 5), List.of(TimeInterval.parse("09:00-12:00")), "当番")));
        assertTrue(staffed.isBusinessDay(LocalDate.of(2025, 5, 5)));
        assertEquals(at("2025-05-05T09:00+09:00"), staffed.nextOpen(at("2025-05-02T19:30+09:00")));
    }

    // --- another country: an operator-supplied list ------------------------------------------------------------

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static final HolidaySource US_2026 = new HolidaySource.Supplied(2026, 2026, List.of(
            new Holiday(LocalDate.of(2026, 1, 1), "New Year's Day"),
            new Holiday(LocalDate.of(2026, 1, 19), "Martin Luther King Jr. Day"),
            new Holiday(LocalDate.of(2026, 2, 16), "Washington's Birthday"),
            new Holiday(LocalDate.of(2026, 5, 25), "Memorial Day"),
            new Holiday(LocalDate.of(2026, 6, 19), "Juneteenth"),
            new Holiday(LocalDate.of(2026, 7, 3), "Independence Day (observed)"),
            new Holiday(LocalDate.of(2026, 9, 7), "Labor Day"),
            new Holiday(LocalDate.of(2026, 11, 26), "Thanksgiving Day"),
            new Holiday(LocalDate.of(2026, 12, 25), "Christmas Day")));

    @Test
    void us_office_with_a_supplied_holiday_list() {
        BusinessCalendar us = BusinessCalendar.of(CalendarDefinition.of(NEW_YORK, US_2026,
                WeeklyHours.weekdays("09:00-17:00")));
        assertFalse(us.isBusinessDay(LocalDate.of(2026, 7, 3)));
        assertEquals("Independence Day (observed)", us.holiday(LocalDate.of(2026, 7, 3)).orElseThrow().name());
        assertTrue(us.holiday(LocalDate.of(2026, 7, 4)).isEmpty(), "the list is used as given");
        assertFalse(us.isBusinessDay(LocalDate.of(2026, 7, 4)), "a Saturday");
        assertTrue(us.isBusinessDay(LocalDate.of(2026, 3, 20)), "no Japanese equinox in New York");
        assertEquals(at("2026-07-06T09:00-04:00"), us.nextOpen(at("2026-07-02T18:00-04:00")));
        assertEquals(at("2026-11-27T11:00-05:00"), us.addBusinessTime(at("2026-11-25T16:00-05:00"),
                Duration.ofHours(3)), "Thanksgiving skipped, the Friday after it is not on the list");
        assertEquals(9, us.holidays(2026).size());
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> us.isBusinessDay(LocalDate.of(2027, 1, 4)));
        assertEquals("the supplied holiday list covers 2026–2026, not 2027", outside.getMessage());
        assertThrows(IllegalArgumentException.class, () -> us.holidays(2025));
        assertThrows(IllegalArgumentException.class,
                () -> us.addBusinessTime(at("2026-12-31T16:00-05:00"), Duration.ofHours(2)),
                "the search must not silently run into an uncovered year");
    }

    // --- daylight saving time: America/New_York, 2026-03-08 and 2026-11-01 (both Sundays, 02:00) -------------------

    private static BusinessCalendar newYork(WeeklyHours hours) {
        return BusinessCalendar.of(CalendarDefinition.of(NEW_YORK, US_2026, Set.of(), hours));
    }

    private static final BusinessCalendar ALWAYS_OPEN = newYork(WeeklyHours.everyDay("00:00-00:00"));

    @Test
    void a_whole_day_on_the_change_days_is_23_and_25_hours() {
        assertEquals(Duration.ofHours(23), ALWAYS_OPEN.businessTimeBetween(at("2026-03-08T00:00-05:00"),
                at("2026-03-09T00:00-04:00")));
        assertEquals(Duration.ofHours(25), ALWAYS_OPEN.businessTimeBetween(at("2026-11-01T00:00-04:00"),
                at("2026-11-02T00:00-05:00")));
        assertEquals(List.of(new OpenSpan(at("2026-03-08T00:00-05:00"), at("2026-03-09T00:00-04:00"))),
                ALWAYS_OPEN.openSpans(LocalDate.of(2026, 3, 8)));
    }

    @Test
    void add_business_time_across_the_change_counts_real_time() {
        // Saturday noon EST + 24 open hours = Sunday 13:00 EDT (the clock lost an hour)
        assertEquals(at("2026-03-08T13:00-04:00"),
                ALWAYS_OPEN.addBusinessTime(at("2026-03-07T12:00-05:00"), Duration.ofHours(24)));
        assertEquals(at("2026-03-08T03:30-04:00"),
                ALWAYS_OPEN.addBusinessTime(at("2026-03-08T01:30-05:00"), Duration.ofHours(1)));
        assertEquals(at("2026-11-01T11:00-05:00"),
                ALWAYS_OPEN.addBusinessTime(at("2026-10-31T12:00-04:00"), Duration.ofHours(24)));

        BusinessCalendar days = newYork(WeeklyHours.everyDay("09:00-17:00"));
        assertEquals(at("2026-03-08T10:00-04:00"),
                days.addBusinessTime(at("2026-03-07T16:00-05:00"), Duration.ofHours(2)));
        assertEquals(at("2026-11-01T10:00-05:00"),
                days.addBusinessTime(at("2026-10-31T16:00-04:00"), Duration.ofHours(2)));
        // Saturday 12–17 + Sunday 9–17 + Monday 9–12, whatever the clock did in between
        assertEquals(Duration.ofHours(16), days.businessTimeBetween(at("2026-03-07T12:00-05:00"),
                at("2026-03-09T12:00-04:00")));
        assertEquals(Duration.ofHours(16), days.businessTimeBetween(at("2026-10-31T12:00-04:00"),
                at("2026-11-02T12:00-05:00")));
    }

    @Test
    void hours_over_the_change_follow_the_wall_clock() {
        BusinessCalendar night = newYork(WeeklyHours.everyDay("01:00-04:00"));
        // 01:00 EST to 04:00 EDT: two hours; 01:00 EDT to 04:00 EST: four hours
        assertEquals(List.of(new OpenSpan(at("2026-03-08T01:00-05:00"), at("2026-03-08T04:00-04:00"))),
                night.openSpans(LocalDate.of(2026, 3, 8)));
        assertEquals(Duration.ofHours(2), night.businessTimeBetween(at("2026-03-08T00:00-05:00"),
                at("2026-03-09T00:00-04:00")));
        assertEquals(Duration.ofHours(4), night.businessTimeBetween(at("2026-11-01T00:00-04:00"),
                at("2026-11-02T00:00-05:00")));
        // 01:30 EST is the second 01:30 of the night and still open
        Instant secondHalfPastOne = at("2026-11-01T01:30-05:00");
        assertEquals(secondHalfPastOne, night.nextOpen(secondHalfPastOne));
    }

    @Test
    void next_open_at_a_local_time_that_does_not_exist() {
        // 02:30 does not exist on 2026-03-08: the window opens when the clock jumps from 02:00 EST to 03:00 EDT
        BusinessCalendar window = newYork(WeeklyHours.everyDay("02:30-05:00"));
        assertEquals(at("2026-03-08T03:00-04:00"), window.nextOpen(at("2026-03-08T00:00-05:00")));
        assertEquals(at("2026-03-08T03:00-04:00"), window.nextOpen(at("2026-03-07T06:00-05:00")));
        assertEquals(Duration.ofHours(2), window.openSpans(LocalDate.of(2026, 3, 8)).get(0).length());
        assertEquals(at("2026-03-07T02:30-05:00"), window.nextOpen(at("2026-03-07T00:00-05:00")));
        // an interval wholly inside the skipped hour does not happen that night
        BusinessCalendar skipped = newYork(WeeklyHours.everyDay("02:00-02:45", "10:00-11:00"));
        assertEquals(at("2026-03-08T10:00-04:00"), skipped.nextOpen(at("2026-03-08T00:00-05:00")));
        assertEquals(at("2026-03-09T02:00-04:00"), skipped.nextOpen(at("2026-03-08T11:00-04:00")));
    }

    // --- calendars that never open ---------------------------------------------------------------------------------

    @Test
    void a_calendar_closed_all_year_fails_instead_of_looping() {
        BusinessCalendar closed = BusinessCalendar.of(TOKYO_OFFICE.definition().withClosedPeriods(
                ClosedPeriod.of("01-01", "06-30", "first half"), ClosedPeriod.of("07-01", "12-31", "second half")));
        long started = System.nanoTime();
        IllegalStateException next = assertThrows(IllegalStateException.class,
                () -> closed.nextOpen(at("2026-01-05T09:00+09:00")));
        assertTrue(next.getMessage().startsWith("the calendar has no open time in the 1098 days from"),
                next.getMessage());
        assertThrows(IllegalStateException.class,
                () -> closed.addBusinessTime(at("2026-01-05T09:00+09:00"), Duration.ofHours(1)));
        assertThrows(IllegalStateException.class, () -> closed.nextBusinessDay(LocalDate.of(2026, 1, 5)));
        assertEquals(Duration.ZERO, closed.businessTimeBetween(at("2026-01-01T00:00+09:00"),
                at("2027-01-01T00:00+09:00")));
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "bounded searches are quick");
    }

    @Test
    void japanese_range_is_enforced_through_the_calendar() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TOKYO_OFFICE.isBusinessDay(LocalDate.of(2100, 1, 4)));
        assertTrue(e.getMessage().contains("1980–2099"), e.getMessage());
        assertEquals(17, TOKYO_OFFICE.holidays(2027).size());
    }

    @Test
    void long_spans_are_computed_day_by_day_not_minute_by_minute() {
        Duration tenYears = TOKYO_OFFICE.businessTimeBetween(at("2020-01-01T00:00+09:00"),
                at("2030-01-01T00:00+09:00"));
        long businessDays = LocalDate.of(2020, 1, 1).datesUntil(LocalDate.of(2030, 1, 1))
                .filter(TOKYO_OFFICE::isBusinessDay).count();
        assertEquals(Duration.ofHours(9 * businessDays), tenYears);
        // the same amount added back ends at the last closing of 2029 (Monday 12/31 is a business day here)
        assertEquals(at("2029-12-31T18:00+09:00"),
                TOKYO_OFFICE.addBusinessTime(at("2020-01-01T00:00+09:00"), tenYears));
    }
}
