package dev.tandem.platform.calendar;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Opening hours per day of the week, in local wall-clock time: a company's business hours, or a separate window
 * such as a nurture send window used with a calendar's days ({@link BusinessCalendar#withHours}). A day may have
 * several intervals (a lunch break is two); a day that is absent has none. Written in JSON as
 * {@code {"MONDAY": ["09:00-12:00", "13:00-18:00"], ...}}.
 */
public record WeeklyHours(Map<DayOfWeek, List<TimeInterval>> days) {

    public WeeklyHours {
        if (days == null) {
            throw new InvalidCalendarException("", "required (use {} for no hours)");
        }
        EnumMap<DayOfWeek, List<TimeInterval>> sorted = new EnumMap<>(DayOfWeek.class);
        for (Map.Entry<DayOfWeek, List<TimeInterval>> entry : days.entrySet()) {
            DayOfWeek day = entry.getKey();
            if (day == null) {
                throw new InvalidCalendarException("", "a day of the week is missing its name");
            }
            List<TimeInterval> intervals = entry.getValue() == null ? List.of() : entry.getValue();
            for (int i = 0; i < intervals.size(); i++) {
                if (intervals.get(i) == null) {
                    throw new InvalidCalendarException(day + "[" + i + "]", "required");
                }
            }
            List<TimeInterval> ordered = new ArrayList<>(intervals);
            ordered.sort(Comparator.comparing(TimeInterval::start));
            for (int i = 1; i < ordered.size(); i++) {
                if (ordered.get(i - 1).overlaps(ordered.get(i))) {
                    throw new InvalidCalendarException(day.toString(), "interval " + ordered.get(i)
                            + " overlaps " + ordered.get(i - 1));
                }
            }
            if (!ordered.isEmpty()) {
                sorted.put(day, List.copyOf(ordered));
            }
        }
        days = java.util.Collections.unmodifiableMap(sorted);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static WeeklyHours fromJson(Map<DayOfWeek, List<TimeInterval>> days) {
        return new WeeklyHours(days);
    }

    @JsonValue
    Map<DayOfWeek, List<TimeInterval>> json() {
        return days;
    }

    /** The same intervals on each of the given days, e.g. {@code of(MONDAY..FRIDAY, "09:00-12:00", "13:00-18:00")}. */
    public static WeeklyHours of(Set<DayOfWeek> onDays, String... intervals) {
        List<TimeInterval> parsed = Arrays.stream(intervals).map(TimeInterval::parse).toList();
        EnumMap<DayOfWeek, List<TimeInterval>> map = new EnumMap<>(DayOfWeek.class);
        onDays.forEach(day -> map.put(day, parsed));
        return new WeeklyHours(map);
    }

    /** Monday to Friday with the given intervals. */
    public static WeeklyHours weekdays(String... intervals) {
        return of(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), intervals);
    }

    /** Every day of the week with the given intervals. */
    public static WeeklyHours everyDay(String... intervals) {
        return of(EnumSet.allOf(DayOfWeek.class), intervals);
    }

    /** The intervals of a day, in order, never null. */
    public List<TimeInterval> on(DayOfWeek day) {
        return days.getOrDefault(day, List.of());
    }

    /** True when no day has any hours. */
    public boolean isEmpty() {
        return days.isEmpty();
    }
}
