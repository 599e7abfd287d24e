package dev.tandem.nurture.service;

import dev.tandem.platform.calendar.WeeklyHours;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.util.EnumSet;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SendWindowTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final WeeklyHours MORNINGS = WeeklyHours.weekdays("10:00-12:00");

    @Test
    void tokyoLeadOnTheEveOfGoldenWeekGetsTheFirstBusinessMorningAfterIt() {
        // Thu 2026-04-30 18:00 JST: Fri 5/1 is a business day; then 5/2–5/6 (Sat, Sun, 憲法記念日 5/3, みどりの日 5/4,
        // こどもの日 5/5, 振替休日 5/6) are closed.
        Instant thursdayEvening = ZonedDateTime.of(2026, 4, 30, 18, 0, 0, 0, TOKYO).toInstant();
        assertEquals(ZonedDateTime.of(2026, 5, 1, 10, 0, 0, 0, TOKYO).toInstant(),
                SendWindow.nextOpen(thursdayEvening, TOKYO, "JP", MORNINGS));
        Instant fridayNoon = ZonedDateTime.of(2026, 5, 1, 12, 0, 0, 0, TOKYO).toInstant();
        assertEquals(ZonedDateTime.of(2026, 5, 7, 10, 0, 0, 0, TOKYO).toInstant(),
                SendWindow.nextOpen(fridayNoon, TOKYO, "JP", MORNINGS));
    }

    @Test
    void aWindowThatWouldOpenOnAHolidayOpensOnTheNextBusinessDay() {
        // Mon 2026-07-20 is 海の日 (Marine Day): Sunday evening's next window is Tuesday 10:00.
        Instant sundayEvening = ZonedDateTime.of(2026, 7, 19, 20, 0, 0, 0, TOKYO).toInstant();
        assertEquals(ZonedDateTime.of(2026, 7, 21, 10, 0, 0, 0, TOKYO).toInstant(),
                SendWindow.nextOpen(sundayEvening, TOKYO, "JP", MORNINGS));
        assertFalse(SendWindow.isOpen(ZonedDateTime.of(2026, 7, 20, 11, 0, 0, 0, TOKYO).toInstant(), TOKYO, "JP", MORNINGS));
    }

    @Test
    void aSaturdayLeadInTokyoIsMailedOnMondayMorningLocalTime() {
        Instant saturday = ZonedDateTime.of(2026, 12, 5, 14, 0, 0, 0, TOKYO).toInstant();
        assertEquals(Instant.parse("2026-12-07T01:00:00Z"), SendWindow.nextOpen(saturday, TOKYO, "JP", MORNINGS));
    }

    @Test
    void newYorkWindowFollowsTheWallClockAcrossTheDaylightSavingChange() {
        // DST starts Sun 2026-03-08: 10:00 EST is 15:00 UTC on Friday, 10:00 EDT is 14:00 UTC on Monday.
        Instant fridayAfterWindow = ZonedDateTime.of(2026, 3, 6, 13, 0, 0, 0, NEW_YORK).toInstant();
        Instant monday = SendWindow.nextOpen(fridayAfterWindow, NEW_YORK, "US", MORNINGS);
        assertEquals(Instant.parse("2026-03-09T14:00:00Z"), monday);
        assertEquals(Instant.parse("2026-03-06T15:00:00Z"),
                SendWindow.nextOpen(ZonedDateTime.of(2026, 3, 6, 8, 0, 0, 0, NEW_YORK).toInstant(), NEW_YORK, "US", MORNINGS));
        // And back in November: 10:00 EST again is 15:00 UTC.
        assertEquals(Instant.parse("2026-11-02T15:00:00Z"),
                SendWindow.nextOpen(ZonedDateTime.of(2026, 10, 30, 13, 0, 0, 0, NEW_YORK).toInstant(), NEW_YORK, "US", MORNINGS));
    }

    @Test
    void japaneseHolidaysDoNotCloseAnAmericanLeadsWindow() {
        // 2026-11-03 (文化の日) is a Tuesday: a business day in New York.
        Instant at = ZonedDateTime.of(2026, 11, 3, 11, 0, 0, 0, NEW_YORK).toInstant();
        assertTrue(SendWindow.isOpen(at, NEW_YORK, "US", MORNINGS));
    }

    @Test
    void zoneComesFromTheLeadThenTheCountryThenTheCampaignThenTokyo() {
        assertEquals(NEW_YORK, SendWindow.zoneFor("America/New_York", "JP", "Europe/Paris"));
        assertEquals(ZoneId.of("Europe/Berlin"), SendWindow.zoneFor(null, "de", "Europe/Paris"));
        assertEquals(ZoneId.of("Europe/Paris"), SendWindow.zoneFor("Not/AZone", "ZZ", "Europe/Paris"));
        assertEquals(TOKYO, SendWindow.zoneFor(null, null, null));
        assertEquals(TOKYO, SendWindow.zoneFor("+09:00", null, null));
    }

    @Test
    void aWeekendWindowIsHonouredWhereTheCampaignAsksForIt() {
        WeeklyHours saturdays = WeeklyHours.of(EnumSet.of(DayOfWeek.SATURDAY), "09:00-11:00");
        Instant friday = ZonedDateTime.of(2026, 12, 4, 12, 0, 0, 0, TOKYO).toInstant();
        assertEquals(ZonedDateTime.of(2026, 12, 5, 9, 0, 0, 0, TOKYO).toInstant(),
                SendWindow.nextOpen(friday, TOKYO, "JP", saturdays));
    }
}
