package dev.tandem.platform.calendar;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalendarDefinitionTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private static final CalendarDefinition FULL = new CalendarDefinition(
            TOKYO,
            HolidaySource.JAPAN,
            EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY),
            new WeeklyHours(Map.of(
                    DayOfWeek.MONDAY, List.of(TimeInterval.parse("09:00-12:00"), TimeInterval.parse("13:00-18:00")),
                    DayOfWeek.TUESDAY, List.of(TimeInterval.parse("09:00-18:00")),
                    DayOfWeek.FRIDAY, List.of(TimeInterval.parse("09:30-17:45:30")))),
            List.of(ClosedPeriod.of("12-29", "01-03", "年末年始休業"), ClosedPeriod.of("08-13", "08-16", "夏季休業")),
            List.of(new ClosedDate(LocalDate.of(2026, 6, 15), "創立記念日")),
            List.of(new OpenDate(LocalDate.of(2026, 6, 13), List.of(TimeInterval.parse("10:00-16:00")), "土曜セミナー")));

    // --- JSON ----------------------------------------------------------------------------------------------------

    @Test
    void json_round_trip_keeps_every_field() {
        String json = FULL.toJson();
        assertEquals(FULL, CalendarDefinition.fromJson(json));
        // the stored form is what an operator can read and write
        assertTrue(json.contains("\"zone\":\"Asia/Tokyo\""), json);
        assertTrue(json.contains("\"holidays\":{\"type\":\"JAPAN\"}"), json);
        assertTrue(json.contains("\"MONDAY\":[\"09:00-12:00\",\"13:00-18:00\"]"), json);
        assertTrue(json.contains("\"FRIDAY\":[\"09:30-17:45:30\"]"), json);
        assertTrue(json.contains("{\"from\":\"12-29\",\"to\":\"01-03\",\"name\":\"年末年始休業\"}"), json);
        assertTrue(json.contains("{\"date\":\"2026-06-15\",\"name\":\"創立記念日\"}"), json);
    }

    @Test
    void json_round_trip_of_a_supplied_holiday_list() {
        CalendarDefinition us = CalendarDefinition.of(ZoneId.of("America/New_York"),
                new HolidaySource.Supplied(2026, 2027, List.of(
                        new Holiday(LocalDate.of(2026, 7, 3), "Independence Day (observed)"),
                        new Holiday(LocalDate.of(2027, 7, 5), "Independence Day (observed)"))),
                WeeklyHours.weekdays("09:00-17:00"));
        String json = us.toJson();
        assertTrue(json.contains("\"type\":\"SUPPLIED\",\"firstYear\":2026,\"lastYear\":2027"), json);
        assertEquals(us, CalendarDefinition.fromJson(json));
    }

    @Test
    void an_operator_written_document_reads_as_expected() {
        String json = """
                {
                  "zone": "Asia/Tokyo",
                  "holidays": {"type": "JAPAN"},
                  "weekendDays": ["SATURDAY", "SUNDAY"],
                  "weeklyHours": {"MONDAY": ["13:00-18:00", "09:00-12:00"], "TUESDAY": ["09:00-18:00"],
                                  "FRIDAY": ["09:30-17:45:30"]},
                  "closedPeriods": [{"from": "12-29", "to": "01-03", "name": "年末年始休業"},
                                    {"from": "08-13", "to": "08-16", "name": "夏季休業"}],
                  "closedDates": [{"date": "2026-06-15", "name": "創立記念日"}],
                  "openDates": [{"date": "2026-06-13", "hours": ["10:00-16:00"], "name": "土曜セミナー"}]
                }""";
        assertEquals(FULL, CalendarDefinition.fromJson(json), "intervals are kept in time order");
        // optional lists may be left out
        CalendarDefinition minimal = CalendarDefinition.fromJson("""
                {"zone": "Asia/Tokyo", "holidays": {"type": "JAPAN"}, "weekendDays": ["SATURDAY", "SUNDAY"],
                 "weeklyHours": {"MONDAY": ["09:00-18:00"]}}""");
        assertEquals(List.of(), minimal.closedPeriods());
        assertEquals(List.of(), minimal.openDates());
    }

    @Test
    void a_services_own_mapper_with_the_java_time_module_reads_and_writes_the_same_form() {
        // what Quarkus' ObjectMapper is configured like
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        String json = assertDoesNotFail(() -> mapper.writeValueAsString(FULL));
        assertEquals(FULL.toJson(), json);
        assertEquals(FULL, assertDoesNotFail(() -> mapper.readValue(json, CalendarDefinition.class)));
    }

    private interface Failing<T> {
        T get() throws Exception;
    }

    private static <T> T assertDoesNotFail(Failing<T> action) {
        try {
            return action.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    // --- validation: the exception names the field -------------------------------------------------------------

    private static final String VALID = """
            {"zone": "Asia/Tokyo", "holidays": {"type": "JAPAN"}, "weekendDays": ["SATURDAY", "SUNDAY"],
             "weeklyHours": {"MONDAY": ["09:00-18:00"]}""";

    private static InvalidCalendarException invalidJson(String json) {
        return assertThrows(InvalidCalendarException.class, () -> CalendarDefinition.fromJson(json));
    }

    @Test
    void an_unknown_zone_names_zone() {
        InvalidCalendarException e = invalidJson(VALID.replace("Asia/Tokyo", "Asia/Tokio") + "}");
        assertEquals("zone", e.field());
        assertEquals("zone: 'Asia/Tokio' is not a valid ZoneId", e.getMessage());
    }

    @Test
    void a_fixed_offset_is_not_a_time_zone() {
        InvalidCalendarException e = assertThrows(InvalidCalendarException.class, () ->
                CalendarDefinition.of(ZoneOffset.ofHours(9), HolidaySource.JAPAN, WeeklyHours.weekdays("09:00-18:00")));
        assertEquals("zone", e.field());
        assertEquals("zone", invalidJson(VALID.replace("Asia/Tokyo", "+09:00") + "}").field());
        assertEquals("zone", invalidJson(VALID.replace("\"zone\": \"Asia/Tokyo\", ", "") + "}").field());
    }

    @Test
    void an_inverted_interval_names_its_day_and_index() {
        InvalidCalendarException e = invalidJson(VALID.replace("\"MONDAY\": [\"09:00-18:00\"]",
                "\"MONDAY\": [\"08:00-09:00\", \"18:00-09:00\"]") + "}");
        assertEquals("weeklyHours.MONDAY[1]", e.field());
        assertTrue(e.getMessage().contains("18:00-09:00 must start before it ends"), e.getMessage());
        assertEquals("weeklyHours.MONDAY[0]", invalidJson(VALID.replace("09:00-18:00", "9am-6pm") + "}").field());
        assertThrows(InvalidCalendarException.class, () -> new TimeInterval(LocalTime.NOON, LocalTime.NOON));
    }

    @Test
    void overlapping_intervals_name_their_day() {
        InvalidCalendarException e = invalidJson(VALID.replace("\"09:00-18:00\"", "\"09:00-12:00\", \"11:00-13:00\"")
                + "}");
        assertEquals("weeklyHours.MONDAY", e.field());
        assertEquals("weeklyHours.MONDAY: interval 11:00-13:00 overlaps 09:00-12:00", e.getMessage());
        InvalidCalendarException direct = assertThrows(InvalidCalendarException.class,
                () -> WeeklyHours.weekdays("09:00-00:00", "20:00-21:00"));
        assertEquals("MONDAY", direct.field());
        // touching intervals are fine and open continuously
        BusinessCalendar touching = BusinessCalendar.of(CalendarDefinition.of(TOKYO, HolidaySource.JAPAN,
                WeeklyHours.weekdays("09:00-12:00", "12:00-13:00")));
        assertEquals(1, touching.openSpans(LocalDate.of(2026, 1, 19)).size());
    }

    @Test
    void hours_on_a_weekend_day_are_refused() {
        InvalidCalendarException e = assertThrows(InvalidCalendarException.class, () -> CalendarDefinition.of(
                TOKYO, HolidaySource.JAPAN, WeeklyHours.everyDay("09:00-18:00")));
        assertEquals("weeklyHours.SATURDAY", e.field());
    }

    @Test
    void a_calendar_that_can_never_open_is_refused() {
        InvalidCalendarException e = assertThrows(InvalidCalendarException.class, () -> CalendarDefinition.of(
                TOKYO, HolidaySource.JAPAN, new WeeklyHours(Map.of())));
        assertEquals("weeklyHours", e.field());
        assertEquals("closedPeriods[1]", assertThrows(InvalidCalendarException.class, () ->
                CalendarDefinition.of(TOKYO, HolidaySource.JAPAN, WeeklyHours.weekdays("09:00-18:00"))
                        .withClosedPeriods(ClosedPeriod.of("12-29", "01-03", "年末年始"),
                                ClosedPeriod.of("01-01", "12-31", "閉鎖"))).field());
        assertEquals("closedPeriods[0]", invalidJson(VALID
                + ", \"closedPeriods\": [{\"from\": \"04-01\", \"to\": \"03-31\", \"name\": \"all\"}]}").field());
    }

    @Test
    void missing_and_malformed_fields_are_named() {
        assertEquals("weekendDays", invalidJson(VALID.replace("\"weekendDays\": [\"SATURDAY\", \"SUNDAY\"],", "")
                + "}").field());
        assertEquals("weekendDays[1]", invalidJson(VALID.replace("\"SUNDAY\"", "\"SUNDAE\"") + "}").field());
        assertEquals("holidays", invalidJson(VALID.replace("\"holidays\": {\"type\": \"JAPAN\"}, ", "") + "}")
                .field());
        assertEquals("holidays", invalidJson(VALID.replace("JAPAN", "ATLANTIS") + "}").field());
        assertEquals("weeklyHours", invalidJson(VALID.replace("\"weeklyHours\": {\"MONDAY\": [\"09:00-18:00\"]}",
                "\"weeklyHours\": null") + "}").field());
        assertEquals("closedPeriods[0].from", invalidJson(VALID
                + ", \"closedPeriods\": [{\"from\": \"13-01\", \"to\": \"01-03\", \"name\": \"x\"}]}").field());
        assertEquals("closedPeriods[0].name", invalidJson(VALID
                + ", \"closedPeriods\": [{\"from\": \"12-29\", \"to\": \"01-03\"}]}").field());
        assertEquals("closedDates[0].date", invalidJson(VALID
                + ", \"closedDates\": [{\"date\": \"2026-02-30\", \"name\": \"x\"}]}").field());
        assertEquals("closedDate", invalidJson(VALID
                + ", \"closedDate\": [{\"date\": \"2026-02-03\", \"name\": \"x\"}]}").field());
        assertEquals("openDates[0].hours", invalidJson(VALID
                + ", \"openDates\": [{\"date\": \"2026-06-13\", \"hours\": [], \"name\": \"x\"}]}").field());
        assertEquals("", invalidJson("{not json").field());
    }

    @Test
    void conflicting_and_duplicate_dates_are_named() {
        CalendarDefinition base = CalendarDefinition.of(TOKYO, HolidaySource.JAPAN, WeeklyHours.weekdays("09:00-18:00"));
        LocalDate day = LocalDate.of(2026, 6, 15);
        assertEquals("closedDates[1].date", assertThrows(InvalidCalendarException.class, () ->
                base.withClosedDates(new ClosedDate(day, "a"), new ClosedDate(day, "b"))).field());
        assertEquals("openDates[0].date", assertThrows(InvalidCalendarException.class, () ->
                base.withClosedDates(new ClosedDate(day, "a"))
                        .withOpenDates(new OpenDate(day, List.of(TimeInterval.parse("09:00-12:00")), "b"))).field());
        assertEquals("hours", assertThrows(InvalidCalendarException.class, () -> new OpenDate(day,
                List.of(TimeInterval.parse("09:00-12:00"), TimeInterval.parse("10:00-11:00")), "b")).field());
    }

    @Test
    void a_supplied_list_is_checked_against_its_years() {
        InvalidCalendarException outside = invalidJson(VALID.replace("{\"type\": \"JAPAN\"}", """
                {"type": "SUPPLIED", "firstYear": 2026, "lastYear": 2026, "holidays": [
                  {"date": "2026-07-03", "name": "Independence Day (observed)"},
                  {"date": "2027-07-05", "name": "Independence Day (observed)"}]}""") + "}");
        assertEquals("holidays.holidays[1].date", outside.field());
        assertEquals("holidays.holidays[1].date: 2027-07-05 is outside the covered years 2026–2026",
                outside.getMessage());
        assertEquals("holidays.lastYear", invalidJson(VALID.replace("{\"type\": \"JAPAN\"}",
                "{\"type\": \"SUPPLIED\", \"firstYear\": 2026, \"holidays\": []}") + "}").field());
        assertEquals("holidays.holidays[0].name", invalidJson(VALID.replace("{\"type\": \"JAPAN\"}",
                "{\"type\": \"SUPPLIED\", \"firstYear\": 2026, \"lastYear\": 2026, "
                        + "\"holidays\": [{\"date\": \"2026-07-03\"}]}") + "}").field());
    }

    @Test
    void closed_periods_may_wrap_the_year_end() {
        ClosedPeriod newYear = new ClosedPeriod(MonthDay.of(12, 29), MonthDay.of(1, 3), "年末年始");
        assertTrue(newYear.contains(LocalDate.of(2026, 12, 31)));
        assertTrue(newYear.contains(LocalDate.of(2027, 1, 3)));
        assertTrue(!newYear.contains(LocalDate.of(2027, 1, 4)) && !newYear.contains(LocalDate.of(2026, 12, 28)));
        assertEquals("to", assertThrows(InvalidCalendarException.class,
                () -> ClosedPeriod.of("12-29", "1-3", "年末年始")).field());
        ClosedPeriod summer = ClosedPeriod.of("08-13", "08-16", "夏季");
        assertTrue(summer.contains(LocalDate.of(2026, 8, 13)) && summer.contains(LocalDate.of(2026, 8, 16)));
        assertTrue(!summer.contains(LocalDate.of(2026, 8, 17)) && !summer.contains(LocalDate.of(2026, 12, 30)));
    }

    @Test
    void the_weekend_may_be_other_days() {
        BusinessCalendar fridaySaturday = BusinessCalendar.of(new CalendarDefinition(ZoneId.of("Asia/Dubai"),
                new HolidaySource.Supplied(2026, 2026, List.of()), Set.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY),
                WeeklyHours.of(EnumSet.complementOf(EnumSet.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY)), "08:00-17:00"),
                null, null, null));
        assertTrue(fridaySaturday.isBusinessDay(LocalDate.of(2026, 3, 8)), "a Sunday");
        assertTrue(!fridaySaturday.isBusinessDay(LocalDate.of(2026, 3, 6)), "a Friday");
    }
}
