package dev.tandem.platform.calendar;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JapaneseHolidaysTest {

    /**
     * The Cabinet Office list (内閣府「国民の祝日について」, syukujitsu.csv), 2019–2026, written out by hand. The
     * Cabinet Office calls 2019's 4/30 and 5/2 and 2009/2015/2026's 9/22 just 休日; they are the citizens'
     * holidays of Art. 3(3), named 国民の休日 here.
     */
    private static final Map<Integer, String> OFFICIAL = new LinkedHashMap<>();

    static {
        OFFICIAL.put(2019, """
                01-01 元日, 01-14 成人の日, 02-11 建国記念の日, 03-21 春分の日, 04-29 昭和の日, 04-30 国民の休日,
                05-01 天皇の即位の日, 05-02 国民の休日, 05-03 憲法記念日, 05-04 みどりの日, 05-05 こどもの日,
                05-06 振替休日, 07-15 海の日, 08-11 山の日, 08-12 振替休日, 09-16 敬老の日, 09-23 秋分の日,
                10-14 体育の日, 10-22 即位礼正殿の儀の行われる日, 11-03 文化の日, 11-04 振替休日, 11-23 勤労感謝の日""");
        OFFICIAL.put(2020, """
                01-01 元日, 01-13 成人の日, 02-11 建国記念の日, 02-23 天皇誕生日, 02-24 振替休日, 03-20 春分の日,
                04-29 昭和の日, 05-03 憲法記念日, 05-04 みどりの日, 05-05 こどもの日, 05-06 振替休日, 07-23 海の日,
                07-24 スポーツの日, 08-10 山の日, 09-21 敬老の日, 09-22 秋分の日, 11-03 文化の日, 11-23 勤労感謝の日""");
        OFFICIAL.put(2021, """
                01-01 元日, 01-11 成人の日, 02-11 建国記念の日, 02-23 天皇誕生日, 03-20 春分の日, 04-29 昭和の日,
                05-03 憲法記念日, 05-04 みどりの日, 05-05 こどもの日, 07-22 海の日, 07-23 スポーツの日, 08-08 山の日,
                08-09 振替休日, 09-20 敬老の日, 09-23 秋分の日, 11-03 文化の日, 11-23 勤労感謝の日""");
        OFFICIAL.put(2022, """
                01-01 元日, 01-10 成人の日, 02-11 建国記念の日, 02-23 天皇誕生日, 03-21 春分の日, 04-29 昭和の日,
                05-03 憲法記念日, 05-04 みどりの日, 05-05 こどもの日, 07-18 海の日, 08-11 山の日, 09-19 敬老の日,
                09-23 秋分の日, 10-10 スポーツの日, 11-03 文化の日, 11-23 勤労感謝の日""");
        OFFICIAL.put(2023, """
                01-01 元日, 01-02 振替休日, 01-09 成人の日, 02-11 建国記念の日, 02-23 天皇誕生日, 03-21 春分の日,
                04-29 昭和の日, 05-03 憲法記念日, 05-04 みどりの日, 05-05 こどもの日, 07-17 海の日, 08-11 山の日,
                09-18 敬老の日, 09-23 秋分の日, 10-09 スポーツの日, 11-03 文化の日, 11-23 勤労感謝の日""");
        OFFICIAL.put(2024, """
                01-01 元日, 01-08 成人の日, 02-11 建国記念の日, 02-12 振替休日, 02-23 天皇誕生日, 03-20 春分の日,
                04-29 昭和の日, 05-03 憲法記念日, 05-04 みどりの日, 05-05 こどもの日, 05-06 振替休日, 07-15 海の日,
                08-11 山の日, 08-12 振替休日, 09-16 敬老の日, 09-22 秋分の日, 09-23 振替休日, 10-14 スポーツの日,
                11-03 文化の日, 11-04 振替休日, 11-23 勤労感謝の日""");
        OFFICIAL.put(2025, """
                01-01 元日, 01-13 成人の日, 02-11 建国記念の日, 02-23 天皇誕生日, 02-24 振替休日, 03-20 春分の日,
                04-29 昭和の日, 05-03 憲法記念日, 05-04 みどりの日, 05-05 こどもの日, 05-06 振替休日, 07-21 海の日,
                08-11 山の日, 09-15 敬老の日, 09-23 秋分の日, 10-13 スポーツの日, 11-03 文化の日, 11-23 勤労感謝の日,
                11-24 振替休日""");
        OFFICIAL.put(2026, """
                01-01 元日, 01-12 成人の日, 02-11 建国記念の日, 02-23 天皇誕生日, 03-20 春分の日, 04-29 昭和の日,
                05-03 憲法記念日, 05-04 みどりの日, 05-05 こどもの日, 05-06 振替休日, 07-20 海の日, 08-11 山の日,
                09-21 敬老の日, 09-22 国民の休日, 09-23 秋分の日, 10-12 スポーツの日, 11-03 文化の日,
                11-23 勤労感謝の日""");
    }

    /** Holidays per year, Cabinet Office list (2000–2027) and the law as it stands (2028–2030). */
    private static final int[] COUNTS_2000_TO_2030 = {
            15, 19, 18, 15, 15, 16, 16, 19, 17, 17, // 2000–2009
            16, 15, 18, 17, 17, 17, 17, 17, 20, 22, // 2010–2019
            18, 17, 16, 17, 21, 19, 18, 17, 16, 19, // 2020–2029
            19};                                    // 2030

    @Test
    void every_holiday_of_2019_to_2026_matches_the_cabinet_office_list() {
        for (Map.Entry<Integer, String> year : OFFICIAL.entrySet()) {
            List<String> expected = new ArrayList<>();
            for (String entry : year.getValue().split(",")) {
                String[] parts = entry.trim().split(" ");
                expected.add(year.getKey() + "-" + parts[0] + " " + parts[1]);
            }
            List<String> actual = JapaneseHolidays.of(year.getKey()).stream()
                    .map(h -> h.date() + " " + h.name()).toList();
            assertEquals(expected, actual, "holidays of " + year.getKey());
        }
    }

    @Test
    void year_2025_has_the_nineteen_holidays_of_the_platform_notes() {
        List<String> dates = JapaneseHolidays.of(2025).stream()
                .map(h -> h.date().getMonthValue() + "/" + h.date().getDayOfMonth()).toList();
        assertEquals(List.of("1/1", "1/13", "2/11", "2/23", "2/24", "3/20", "4/29", "5/3", "5/4", "5/5", "5/6",
                "7/21", "8/11", "9/15", "9/23", "10/13", "11/3", "11/23", "11/24"), dates);
    }

    @Test
    void counts_per_year_2000_to_2030() {
        for (int year = 2000; year <= 2030; year++) {
            assertEquals(COUNTS_2000_TO_2030[year - 2000], JapaneseHolidays.of(year).size(), "count of " + year);
        }
    }

    @Test
    void happy_monday_holidays_fall_on_the_right_monday_2000_to_2030() {
        for (int year = 2000; year <= 2030; year++) {
            assertNthMonday(year, "成人の日", Month.JANUARY, 2);
            if (year >= 2003 && year != 2020 && year != 2021) {
                assertNthMonday(year, "海の日", Month.JULY, 3);
            }
            if (year >= 2003) {
                assertNthMonday(year, "敬老の日", Month.SEPTEMBER, 3);
            }
            if (year != 2020 && year != 2021) {
                assertNthMonday(year, year < 2020 ? "体育の日" : "スポーツの日", Month.OCTOBER, 2);
            }
        }
    }

    private static void assertNthMonday(int year, String name, Month month, int nth) {
        List<LocalDate> dates = JapaneseHolidays.of(year).stream().filter(h -> h.name().equals(name))
                .map(Holiday::date).toList();
        assertEquals(1, dates.size(), name + " in " + year);
        LocalDate date = dates.get(0);
        assertEquals(DayOfWeek.MONDAY, date.getDayOfWeek(), name + " " + date);
        assertEquals(month, date.getMonth(), name + " " + date);
        assertEquals(nth, (date.getDayOfMonth() - 1) / 7 + 1, name + " " + date + " is not Monday no. " + nth);
    }

    @Test
    void equinox_days_2000_to_2030_as_announced() {
        // Day of March / day of September; 2028–2030 are the National Astronomical Observatory's predictions.
        int[][] equinoxes = {
                {2000, 20, 23}, {2001, 20, 23}, {2002, 21, 23}, {2003, 21, 23}, {2004, 20, 23}, {2005, 20, 23},
                {2006, 21, 23}, {2007, 21, 23}, {2008, 20, 23}, {2009, 20, 23}, {2010, 21, 23}, {2011, 21, 23},
                {2012, 20, 22}, {2013, 20, 23}, {2014, 21, 23}, {2015, 21, 23}, {2016, 20, 22}, {2017, 20, 23},
                {2018, 21, 23}, {2019, 21, 23}, {2020, 20, 22}, {2021, 20, 23}, {2022, 21, 23}, {2023, 21, 23},
                {2024, 20, 22}, {2025, 20, 23}, {2026, 20, 23}, {2027, 21, 23}, {2028, 20, 22}, {2029, 20, 23},
                {2030, 20, 23}};
        for (int[] e : equinoxes) {
            assertHoliday(LocalDate.of(e[0], 3, e[1]), "春分の日", "Vernal Equinox Day");
            assertHoliday(LocalDate.of(e[0], 9, e[2]), "秋分の日", "Autumnal Equinox Day");
        }
    }

    @Test
    void a_sunday_holiday_moves_to_the_next_day_that_is_not_a_holiday_2000_to_2030() {
        for (int year = 2000; year <= 2030; year++) {
            List<Holiday> all = JapaneseHolidays.of(year);
            Set<LocalDate> national = all.stream()
                    .filter(h -> !h.name().equals("振替休日") && !h.name().equals("国民の休日"))
                    .map(Holiday::date).collect(Collectors.toSet());
            for (LocalDate date : national) {
                if (date.getDayOfWeek() == DayOfWeek.SUNDAY) {
                    LocalDate next = date.plusDays(1);
                    while (national.contains(next)) {
                        next = next.plusDays(1);
                    }
                    assertHoliday(next, "振替休日", "Substitute Holiday");
                }
            }
            // and there is no substitute without a Sunday holiday before it
            for (Holiday h : all) {
                if (h.name().equals("振替休日")) {
                    LocalDate before = h.date().minusDays(1);
                    while (national.contains(before) && before.getDayOfWeek() != DayOfWeek.SUNDAY) {
                        before = before.minusDays(1);
                    }
                    assertTrue(national.contains(before) && before.getDayOfWeek() == DayOfWeek.SUNDAY,
                            "substitute " + h.date() + " follows no Sunday holiday");
                }
            }
        }
    }

    @Test
    void substitute_holidays_known_cases() {
        assertHoliday(LocalDate.of(2008, 5, 6), "振替休日", "Substitute Holiday"); // 5/4 Sunday, 5/5 a holiday
        assertHoliday(LocalDate.of(2020, 5, 6), "振替休日", "Substitute Holiday"); // 5/3 Sunday
        assertHoliday(LocalDate.of(2021, 8, 9), "振替休日", "Substitute Holiday"); // the Olympic Mountain Day 8/8
        assertHoliday(LocalDate.of(2023, 1, 2), "振替休日", "Substitute Holiday");
        assertHoliday(LocalDate.of(2018, 12, 24), "振替休日", "Substitute Holiday");
        assertHoliday(LocalDate.of(2002, 5, 6), "振替休日", "Substitute Holiday"); // pre-2007: 5/5 Sunday
        assertFalse(JapaneseHolidays.isHoliday(LocalDate.of(2021, 2, 22)));
    }

    @Test
    void citizens_holidays_between_two_holidays() {
        for (LocalDate date : List.of(LocalDate.of(2009, 9, 22), LocalDate.of(2015, 9, 22),
                LocalDate.of(2026, 9, 22), LocalDate.of(2019, 4, 30), LocalDate.of(2019, 5, 2),
                LocalDate.of(2000, 5, 4), LocalDate.of(2006, 5, 4))) {
            assertHoliday(date, "国民の休日", "Citizens' Holiday");
        }
        // 2020: Respect for the Aged 9/21 and the equinox 9/22 are adjacent, nothing is sandwiched
        assertFalse(JapaneseHolidays.isHoliday(LocalDate.of(2020, 9, 23)));
        // Before 2007 a Sunday between two holidays stayed a plain Sunday (2003-05-04)
        assertFalse(JapaneseHolidays.isHoliday(LocalDate.of(2003, 5, 4)));
    }

    @Test
    void the_older_rules_and_the_2019_to_2021_moves() {
        assertHoliday(LocalDate.of(2006, 4, 29), "みどりの日", "Greenery Day");
        assertHoliday(LocalDate.of(2007, 4, 29), "昭和の日", "Shōwa Day");
        assertHoliday(LocalDate.of(2007, 5, 4), "みどりの日", "Greenery Day");
        assertHoliday(LocalDate.of(2002, 7, 20), "海の日", "Marine Day");
        assertHoliday(LocalDate.of(2003, 7, 21), "海の日", "Marine Day");
        assertHoliday(LocalDate.of(2002, 9, 15), "敬老の日", "Respect for the Aged Day");
        assertHoliday(LocalDate.of(2004, 9, 20), "敬老の日", "Respect for the Aged Day");
        assertFalse(JapaneseHolidays.isHoliday(LocalDate.of(2004, 9, 15)));
        assertFalse(JapaneseHolidays.isHoliday(LocalDate.of(2015, 8, 11)));
        assertHoliday(LocalDate.of(2016, 8, 11), "山の日", "Mountain Day");
        assertHoliday(LocalDate.of(2018, 12, 23), "天皇誕生日", "Emperor's Birthday");
        assertFalse(JapaneseHolidays.isHoliday(LocalDate.of(2019, 12, 23)));
        assertFalse(JapaneseHolidays.isHoliday(LocalDate.of(2019, 2, 23)));
        assertHoliday(LocalDate.of(2020, 2, 23), "天皇誕生日", "Emperor's Birthday");
        assertHoliday(LocalDate.of(2019, 10, 14), "体育の日", "Health and Sports Day");
        assertHoliday(LocalDate.of(2022, 10, 10), "スポーツの日", "Sports Day");
        assertHoliday(LocalDate.of(2019, 5, 1), "天皇の即位の日", "Enthronement Day");
        assertHoliday(LocalDate.of(2019, 10, 22), "即位礼正殿の儀の行われる日", "Enthronement Ceremony Day");
        assertHoliday(LocalDate.of(2020, 7, 24), "スポーツの日", "Sports Day");
        assertFalse(JapaneseHolidays.isHoliday(LocalDate.of(2020, 10, 12)), "no October Sports Day in 2020");
        assertFalse(JapaneseHolidays.isHoliday(LocalDate.of(2021, 10, 11)), "no October Sports Day in 2021");
        assertFalse(JapaneseHolidays.isHoliday(LocalDate.of(2021, 7, 19)), "Marine Day moved to 7/22 in 2021");
        assertFalse(JapaneseHolidays.isHoliday(LocalDate.of(2020, 8, 11)), "Mountain Day moved to 8/10 in 2020");
        assertHoliday(LocalDate.of(1999, 1, 15), "成人の日", "Coming of Age Day");
        assertHoliday(LocalDate.of(1999, 10, 11), "振替休日", "Substitute Holiday"); // 10/10 Sunday
    }

    @Test
    void every_holiday_has_a_japanese_and_an_english_name() {
        for (int year = 2000; year <= 2030; year++) {
            for (Holiday h : JapaneseHolidays.of(year)) {
                assertTrue(h.name().codePoints().anyMatch(c -> c > 0x3000), h + " has a Japanese name");
                assertTrue(h.englishName().chars().allMatch(c -> c < 0x3000), h + " has an English name");
            }
        }
    }

    @Test
    void outside_1980_to_2099_fails_naming_the_range() {
        IllegalArgumentException before = assertThrows(IllegalArgumentException.class,
                () -> JapaneseHolidays.of(1979));
        assertEquals("Japanese public holidays are computed for 1980–2099, not 1979", before.getMessage());
        IllegalArgumentException after = assertThrows(IllegalArgumentException.class,
                () -> JapaneseHolidays.on(LocalDate.of(2100, 1, 1)));
        assertTrue(after.getMessage().contains("1980–2099"), after.getMessage());
        assertEquals(13, JapaneseHolidays.of(1980).size());
        assertEquals(2099, JapaneseHolidays.of(2099).get(0).date().getYear());
    }

    private static void assertHoliday(LocalDate date, String name, String englishName) {
        Holiday holiday = JapaneseHolidays.on(date).orElseThrow(() -> new AssertionError(date + " is no holiday"));
        assertEquals(name, holiday.name(), date.toString());
        assertEquals(englishName, holiday.englishName(), date.toString());
    }
}
