package dev.tandem.platform.calendar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything that makes a business calendar, as data a service stores (JSON through {@link #toJson()} /
 * {@link #fromJson(String)}, or any Jackson mapper with the Java time module) and an operator edits. Invalid values
 * are refused with an {@link InvalidCalendarException} whose field is the JSON path.
 *
 * @param zone          the IANA time zone the hours are read in ({@code Asia/Tokyo}); a fixed offset is refused
 *                      because it cannot follow daylight saving time
 * @param holidays      the public holidays: {@link HolidaySource#JAPAN} or an operator-supplied list
 * @param weekendDays   the days of the week that are never business days (usually Saturday and Sunday)
 * @param weeklyHours   business hours per day of the week, in local time
 * @param closedPeriods days the company closes every year (12-29 to 01-03), may wrap the year end
 * @param closedDates   single dates the company is closed
 * @param openDates     single dates open with their own hours whatever the other rules say
 */
public record CalendarDefinition(
        ZoneId zone,
        HolidaySource holidays,
        Set<DayOfWeek> weekendDays,
        WeeklyHours weeklyHours,
        List<ClosedPeriod> closedPeriods,
        List<ClosedDate> closedDates,
        List<OpenDate> openDates) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public CalendarDefinition {
        if (zone == null) {
            throw new InvalidCalendarException("zone", "required, an IANA time zone such as Asia/Tokyo");
        }
        if (zone instanceof ZoneOffset) {
            throw new InvalidCalendarException("zone", "'" + zone + "' is a fixed offset, which cannot follow daylight"
                    + " saving time; use an IANA time zone such as Asia/Tokyo or America/New_York");
        }
        if (holidays == null) {
            throw new InvalidCalendarException("holidays", "required: {\"type\": \"JAPAN\"} or a supplied list");
        }
        if (weekendDays == null) {
            throw new InvalidCalendarException("weekendDays", "required (use [] for none)");
        }
        for (DayOfWeek day : weekendDays) { // contains(null) throws on immutable sets
            if (day == null) {
                throw new InvalidCalendarException("weekendDays", "contains an empty day");
            }
        }
        weekendDays = weekendDays.isEmpty() ? Collections.emptySet()
                : Collections.unmodifiableSet(EnumSet.copyOf(weekendDays));
        if (weeklyHours == null) {
            throw new InvalidCalendarException("weeklyHours", "required, e.g. {\"MONDAY\": [\"09:00-18:00\"]}");
        }
        for (DayOfWeek day : weekendDays) {
            if (!weeklyHours.on(day).isEmpty()) {
                throw new InvalidCalendarException("weeklyHours." + day, day + " is in weekendDays, so these hours "
                        + "would never apply; remove it from weekendDays to open on " + day);
            }
        }
        closedPeriods = copy("closedPeriods", closedPeriods);
        closedDates = copy("closedDates", closedDates);
        openDates = copy("openDates", openDates);

        for (int i = 0; i < closedPeriods.size(); i++) {
            ClosedPeriod period = closedPeriods.get(i);
            // A leap year holds every month-day; a period covering all of them would close the calendar for good.
            if (LocalDate.of(2024, 1, 1).datesUntil(LocalDate.of(2025, 1, 1)).allMatch(period::contains)) {
                throw new InvalidCalendarException("closedPeriods[" + i + "]", "closes every day of the year");
            }
        }
        Map<LocalDate, Integer> closed = new HashMap<>();
        for (int i = 0; i < closedDates.size(); i++) {
            Integer before = closed.put(closedDates.get(i).date(), i);
            if (before != null) {
                throw new InvalidCalendarException("closedDates[" + i + "].date",
                        closedDates.get(i).date() + " is already closedDates[" + before + "]");
            }
        }
        Map<LocalDate, Integer> open = new HashMap<>();
        for (int i = 0; i < openDates.size(); i++) {
            LocalDate date = openDates.get(i).date();
            Integer before = open.put(date, i);
            if (before != null) {
                throw new InvalidCalendarException("openDates[" + i + "].date",
                        date + " is already openDates[" + before + "]");
            }
            if (closed.containsKey(date)) {
                throw new InvalidCalendarException("openDates[" + i + "].date",
                        date + " is also closedDates[" + closed.get(date) + "]; keep one");
            }
        }
        boolean anyHours = false;
        for (DayOfWeek day : DayOfWeek.values()) {
            anyHours |= !weekendDays.contains(day) && !weeklyHours.on(day).isEmpty();
        }
        if (!anyHours && openDates.isEmpty()) {
            throw new InvalidCalendarException("weeklyHours", "no hours on any business day of the week, so the "
                    + "calendar would never open");
        }
    }

    /** Saturday and Sunday off, no company closures: the usual start, refined with the {@code with…} methods. */
    public static CalendarDefinition of(ZoneId zone, HolidaySource holidays, WeeklyHours weeklyHours) {
        return new CalendarDefinition(zone, holidays, EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), weeklyHours,
                List.of(), List.of(), List.of());
    }

    /** Other weekend days (none for a seven-day operation), no company closures. */
    public static CalendarDefinition of(ZoneId zone, HolidaySource holidays, Set<DayOfWeek> weekendDays,
            WeeklyHours weeklyHours) {
        return new CalendarDefinition(zone, holidays, weekendDays, weeklyHours, List.of(), List.of(), List.of());
    }

    public CalendarDefinition withClosedPeriods(ClosedPeriod... periods) {
        return new CalendarDefinition(zone, holidays, weekendDays, weeklyHours, List.of(periods), closedDates,
                openDates);
    }

    public CalendarDefinition withClosedDates(ClosedDate... dates) {
        return new CalendarDefinition(zone, holidays, weekendDays, weeklyHours, closedPeriods, List.of(dates),
                openDates);
    }

    public CalendarDefinition withOpenDates(OpenDate... dates) {
        return new CalendarDefinition(zone, holidays, weekendDays, weeklyHours, closedPeriods, closedDates,
                List.of(dates));
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a calendar definition: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads the JSON form; unknown fields are refused (a misspelt {@code closedDate} would otherwise be dropped
     * silently). Any problem is an {@link InvalidCalendarException} naming the field by its JSON path.
     */
    public static CalendarDefinition fromJson(String json) {
        try {
            CalendarDefinition definition = JSON.readValue(json, CalendarDefinition.class);
            if (definition == null) {
                throw new InvalidCalendarException("", "a calendar definition is required, not null");
            }
            return definition;
        } catch (JsonMappingException e) {
            String path = path(e);
            Throwable cause = e.getCause();
            while (cause != null && !(cause instanceof InvalidCalendarException) && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            if (cause instanceof InvalidCalendarException invalid) {
                throw path.isEmpty() ? invalid : invalid.under(path);
            }
            if (e instanceof UnrecognizedPropertyException unknown) {
                throw new InvalidCalendarException(path, "unknown field '" + unknown.getPropertyName() + "'");
            }
            if (e instanceof InvalidFormatException format) {
                throw new InvalidCalendarException(path, "'" + format.getValue() + "' is not a valid "
                        + format.getTargetType().getSimpleName());
            }
            throw new InvalidCalendarException(path, e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new InvalidCalendarException("", "not JSON: " + e.getOriginalMessage());
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static <T> List<T> copy(String field, List<T> values) {
        if (values == null) {
            return List.of();
        }
        List<T> copy = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new InvalidCalendarException(field + "[" + i + "]", "required");
            }
            copy.add(values.get(i));
        }
        return Collections.unmodifiableList(copy);
    }
}
