package dev.tandem.platform.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A company's business days and hours in its time zone, built from a {@link CalendarDefinition}: nurture-service's
 * send windows and feedback-service's SLA clocks. Immutable and thread-safe. Every operation takes and returns
 * instants; days and hours are read in the definition's zone.
 *
 * <p>A date is a business day unless it is a weekend day, a public holiday, in a closed period or a closed date;
 * an open date is always one, with its own hours. Open time is the business days' hours placed on the clock.
 * Around a daylight-saving change the hours follow the wall clock: a local time the clock skips (02:30 on a
 * spring-forward night) means the moment the clock jumps, and a time it shows twice means its first occurrence.
 * So 09:00–18:00 is always 9 hours, 00:00–24:00 is 23 or 25 hours on the change days, and an interval starting in
 * a skipped hour opens when the clock jumps to its end.
 *
 * <p>Searches step day by day and give up with an {@link IllegalStateException} after {@value #SEARCH_DAYS} days
 * without any open time, so a calendar that never opens fails instead of looping. Dates outside the holiday
 * source's years fail with its IllegalArgumentException.
 */
public final class BusinessCalendar {

    /** How many days in a row may have no open time before a search gives up (three years). */
    public static final int SEARCH_DAYS = 3 * 366;

    private final CalendarDefinition definition;
    private final WeeklyHours hours;
    private final boolean businessHours;
    private final ZoneId zone;
    private final ZoneRules rules;
    private final Map<LocalDate, OpenDate> openDates;
    private final Map<LocalDate, ClosedDate> closedDates;
    private final Map<LocalDate, Holiday> supplied;

    private BusinessCalendar(CalendarDefinition definition, WeeklyHours hours, boolean businessHours) {
        this.definition = definition;
        this.hours = hours;
        this.businessHours = businessHours;
        this.zone = definition.zone();
        this.rules = zone.getRules();
        this.openDates = definition.openDates().stream()
                .collect(Collectors.toUnmodifiableMap(OpenDate::date, Function.identity()));
        this.closedDates = definition.closedDates().stream()
                .collect(Collectors.toUnmodifiableMap(ClosedDate::date, Function.identity()));
        this.supplied = definition.holidays() instanceof HolidaySource.Supplied list
                ? list.holidays().stream().collect(Collectors.toUnmodifiableMap(Holiday::date, Function.identity()))
                : Map.of();
    }

    public static BusinessCalendar of(CalendarDefinition definition) {
        if (definition == null) {
            throw new IllegalArgumentException("a calendar definition is required");
        }
        return new BusinessCalendar(definition, definition.weeklyHours(), true);
    }

    /**
     * The same business days with other hours, e.g. a nurture send window of weekdays 10:00–17:00: the window's
     * hours for a day of the week apply on every business day (open dates included); an open date's own hours are
     * business hours and do not carry over, and the window opens on no day the calendar is closed.
     */
    public BusinessCalendar withHours(WeeklyHours window) {
        if (window == null) {
            throw new InvalidCalendarException("window", "required");
        }
        boolean opens = false;
        for (DayOfWeek day : DayOfWeek.values()) {
            opens |= !window.on(day).isEmpty() && !definition.weekendDays().contains(day);
        }
        for (OpenDate open : definition.openDates()) {
            opens |= !window.on(open.date().getDayOfWeek()).isEmpty();
        }
        if (!opens) {
            throw new InvalidCalendarException("window", "no hours on any day this calendar can be open");
        }
        return new BusinessCalendar(definition, window, false);
    }

    public CalendarDefinition definition() {
        return definition;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The weekly hours this calendar opens in: the business hours, or the window of {@link #withHours}. */
    public WeeklyHours hours() {
        return hours;
    }

    public boolean isBusinessDay(LocalDate date) {
        Optional<Holiday> holiday = holiday(date); // first, so a date outside the holiday range always fails
        if (openDates.containsKey(date)) {
            return true;
        }
        return holiday.isEmpty()
                && !definition.weekendDays().contains(date.getDayOfWeek())
                && !closedDates.containsKey(date)
                && definition.closedPeriods().stream().noneMatch(p -> p.contains(date));
    }

    /** Whether the local date of the instant, in this calendar's zone, is a business day. */
    public boolean isBusinessDay(Instant instant) {
        return isBusinessDay(localDate(instant));
    }

    /** The public holiday on a date, if any (company closures are not holidays). */
    public Optional<Holiday> holiday(LocalDate date) {
        if (definition.holidays() instanceof HolidaySource.Supplied list) {
            list.requireCovered(date.getYear());
            return Optional.ofNullable(supplied.get(date));
        }
        return JapaneseHolidays.on(date);
    }

    /** The public holidays of a year in date order. */
    public List<Holiday> holidays(int year) {
        return definition.holidays().holidays(year);
    }

    /** The first business day after a date. */
    public LocalDate nextBusinessDay(LocalDate after) {
        LocalDate day = after.plusDays(1);
        for (int i = 0; i < SEARCH_DAYS; i++, day = day.plusDays(1)) {
            if (isBusinessDay(day)) {
                return day;
            }
        }
        throw neverOpen(after.toString());
    }

    /** The open time of a local date, in order; empty on a day that is not a business day. */
    public List<OpenSpan> openSpans(LocalDate date) {
        List<TimeInterval> intervals;
        OpenDate open = openDates.get(date);
        if (open != null && businessHours) {
            holiday(date); // the range check, as for any other date
            intervals = open.hours();
        } else if (isBusinessDay(date)) {
            intervals = hours.on(date.getDayOfWeek());
        } else {
            return List.of();
        }
        List<OpenSpan> spans = new ArrayList<>(intervals.size());
        for (TimeInterval interval : intervals) {
            Instant start = instantAt(date, interval.start());
            Instant end = interval.endsAtMidnight() ? instantAt(date.plusDays(1), LocalTime.MIDNIGHT)
                    : instantAt(date, interval.end());
            if (!start.isBefore(end)) {
                continue; // wholly inside a skipped hour
            }
            int last = spans.size() - 1;
            if (last >= 0 && !spans.get(last).end().isBefore(start)) {
                spans.set(last, new OpenSpan(spans.get(last).start(), end)); // 09:00-12:00 + 12:00-13:00
            } else {
                spans.add(new OpenSpan(start, end));
            }
        }
        return spans;
    }

    public boolean isOpen(Instant instant) {
        return openSpans(localDate(instant)).stream().anyMatch(span -> span.contains(instant));
    }

    /** The first open instant at or after {@code from}: {@code from} itself when open, else the next opening. */
    public Instant nextOpen(Instant from) {
        LocalDate day = localDate(from);
        for (int i = 0; i < SEARCH_DAYS; i++, day = day.plusDays(1)) {
            for (OpenSpan span : openSpans(day)) {
                if (span.end().isAfter(from)) {
                    return span.start().isAfter(from) ? span.start() : from;
                }
            }
        }
        throw neverOpen(from.toString());
    }

    /**
     * The open time between two instants. Like {@link Duration#between}, it is negative when {@code to} is before
     * {@code from}, so {@code between(a, b) == between(b, a).negated()} and sums over consecutive stretches add up.
     */
    public Duration businessTimeBetween(Instant from, Instant to) {
        if (to.isBefore(from)) {
            return businessTimeBetween(to, from).negated();
        }
        Duration total = Duration.ZERO;
        LocalDate last = localDate(to);
        for (LocalDate day = localDate(from); !day.isAfter(last); day = day.plusDays(1)) {
            for (OpenSpan span : openSpans(day)) {
                Instant start = span.start().isAfter(from) ? span.start() : from;
                Instant end = span.end().isBefore(to) ? span.end() : to;
                if (start.isBefore(end)) {
                    total = total.plus(Duration.between(start, end));
                }
            }
        }
        return total;
    }

    /**
     * The earliest instant by which {@code amount} of open time has passed since {@code start}: an SLA of four
     * business hours from Friday 17:00 in 09:00–18:00 ends Monday 12:00. When the amount runs out exactly at a
     * closing time, that closing time is the answer (not the next opening). A zero amount gives {@code start}.
     */
    public Instant addBusinessTime(Instant start, Duration amount) {
        if (amount == null || amount.isNegative()) {
            throw new IllegalArgumentException("amount must be zero or positive, not " + amount);
        }
        if (amount.isZero()) {
            return start;
        }
        Duration remaining = amount;
        LocalDate day = localDate(start);
        int daysWithoutTime = 0;
        while (true) {
            boolean found = false;
            for (OpenSpan span : openSpans(day)) {
                if (!span.end().isAfter(start)) {
                    continue;
                }
                Instant from = span.start().isAfter(start) ? span.start() : start;
                Duration available = Duration.between(from, span.end());
                found = true;
                if (remaining.compareTo(available) <= 0) {
                    return from.plus(remaining);
                }
                remaining = remaining.minus(available);
            }
            daysWithoutTime = found ? 0 : daysWithoutTime + 1;
            if (daysWithoutTime >= SEARCH_DAYS) {
                throw neverOpen(day.minusDays(SEARCH_DAYS - 1).toString());
            }
            day = day.plusDays(1);
        }
    }

    private LocalDate localDate(Instant instant) {
        return LocalDate.ofInstant(instant, zone);
    }

    /** A wall-clock time on a date as an instant: a skipped time is the jump itself, a repeated one its first. */
    private Instant instantAt(LocalDate date, LocalTime time) {
        LocalDateTime local = date.atTime(time);
        ZoneOffsetTransition transition = rules.getTransition(local);
        if (transition != null && transition.isGap()) {
            return transition.getInstant();
        }
        return local.atZone(zone).toInstant();
    }

    private IllegalStateException neverOpen(String from) {
        return new IllegalStateException("the calendar has no open time in the " + SEARCH_DAYS + " days from "
                + from + " (" + zone + "); check weeklyHours, weekendDays, closedPeriods and closedDates");
    }

    @Override
    public String toString() {
        return "BusinessCalendar[" + zone + ", " + definition.holidays().getClass().getSimpleName() + "]";
    }
}
