package dev.tandem.nurture.service;

import dev.tandem.nurture.CampaignDefinition;
import dev.tandem.nurture.Step;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The end of a wait step: until a weekday and time in the lead's zone, or N business days on its calendar. */
class WaitsTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final CampaignDefinition NONE = null;

    private static Step.Wait businessDays(int n) {
        return new Step.Wait("w", null, null, n, null);
    }

    private static Step.Wait until(DayOfWeek day, String time) {
        return new Step.Wait("w", null, new Step.Until(day, LocalTime.parse(time)), null, null);
    }

    private static Instant at(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    @Test
    void threeBusinessDaysInTokyoSkipGoldenWeek() {
        // Tue 28 Apr 2026 15:00: 29th 昭和の日, Thu 30th (1), Fri 1 May (2), 2–6 May weekend, 憲法記念日, みどりの日,
        // こどもの日 and 振替休日 (3 May is a Sunday), Thu 7 May (3) at the same local time.
        assertEquals(at("2026-05-07T15:00:00+09:00"),
                SendEngine.waitEnd(businessDays(3), at("2026-04-28T15:00:00+09:00"), TOKYO, "JP", NONE));
    }

    @Test
    void oneBusinessDayFromFridayIsMondayUnlessMondayIsAHoliday() {
        assertEquals(at("2026-06-08T11:00:00+09:00"),
                SendEngine.waitEnd(businessDays(1), at("2026-06-05T11:00:00+09:00"), TOKYO, "JP", NONE));
        // Mon 20 Jul 2026 is 海の日.
        assertEquals(at("2026-07-21T11:00:00+09:00"),
                SendEngine.waitEnd(businessDays(1), at("2026-07-17T11:00:00+09:00"), TOKYO, "JP", NONE));
    }

    @Test
    void japaneseHolidaysDoNotDelayANewYorkLead() {
        // 29 Apr 2026 is 昭和の日 in Japan, an ordinary Wednesday in New York.
        assertEquals(at("2026-04-29T15:00:00-04:00"),
                SendEngine.waitEnd(businessDays(1), at("2026-04-28T15:00:00-04:00"), NEW_YORK, "US", NONE));
    }

    @Test
    void untilAWeekdayAndTimeIsInTheLeadsZoneAcrossTheDstChange() {
        // Fri 6 Mar 2026 10:00 EST; DST starts Sun 8 Mar: Monday 09:30 is EDT (UTC−4).
        assertEquals(at("2026-03-09T09:30:00-04:00"),
                SendEngine.waitEnd(until(DayOfWeek.MONDAY, "09:30"), at("2026-03-06T10:00:00-05:00"), NEW_YORK, "US", NONE));
        // The same instant for a Tokyo lead: Monday 09:30 JST.
        assertEquals(at("2026-03-09T09:30:00+09:00"),
                SendEngine.waitEnd(until(DayOfWeek.MONDAY, "09:30"), at("2026-03-06T10:00:00-05:00"), TOKYO, "JP", NONE));
    }

    @Test
    void untilTheSameWeekdayLaterTodayIsTodayAndEarlierIsNextWeek() {
        assertEquals(at("2026-03-02T17:00:00+09:00"),
                SendEngine.waitEnd(until(DayOfWeek.MONDAY, "17:00"), at("2026-03-02T10:00:00+09:00"), TOKYO, "JP", NONE));
        assertEquals(at("2026-03-09T09:00:00+09:00"),
                SendEngine.waitEnd(until(DayOfWeek.MONDAY, "09:00"), at("2026-03-02T10:00:00+09:00"), TOKYO, "JP", NONE));
    }
}
