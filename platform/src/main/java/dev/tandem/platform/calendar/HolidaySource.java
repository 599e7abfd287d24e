package dev.tandem.platform.calendar;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a calendar's public holidays come from: computed for Japan, or a list the operator supplies for the years
 * it covers. JSON: {@code {"type": "JAPAN"}} or {@code {"type": "SUPPLIED", "firstYear": 2026, "lastYear": 2027,
 * "holidays": [{"date": "2026-07-04", "name": "Independence Day"}]}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = HolidaySource.Japan.class, name = "JAPAN"),
        @JsonSubTypes.Type(value = HolidaySource.Supplied.class, name = "SUPPLIED")})
public sealed interface HolidaySource {

    HolidaySource JAPAN = new Japan();

    /** The public holidays of a year, in date order; outside the covered years an IllegalArgumentException. */
    List<Holiday> holidays(int year);

    /** Japan's public holidays under the National Holiday Act, see {@link JapaneseHolidays}. */
    record Japan() implements HolidaySource {
        @Override
        public List<Holiday> holidays(int year) {
            return JapaneseHolidays.of(year);
        }
    }

    /**
     * An operator-supplied list, complete for {@code firstYear..lastYear}: no rules are applied, so a holiday that is
     * observed on another day (a US holiday on a Saturday observed on the Friday) is supplied on the observed day.
     * Asking about a year outside the list fails instead of pretending it has no holidays.
     */
    record Supplied(int firstYear, int lastYear, List<Holiday> holidays) implements HolidaySource {

        public Supplied {
            if (firstYear < 1900 || firstYear > 9999) {
                throw new InvalidCalendarException("firstYear", "required, the first year the list covers (e.g. 2026)");
            }
            if (lastYear < firstYear || lastYear > 9999) {
                throw new InvalidCalendarException("lastYear",
                        "required, the last year the list covers, not before firstYear " + firstYear);
            }
            if (holidays == null) {
                throw new InvalidCalendarException("holidays", "required (use [] for none)");
            }
            Set<LocalDate> seen = new HashSet<>();
            for (int i = 0; i < holidays.size(); i++) {
                Holiday holiday = holidays.get(i);
                if (holiday == null) {
                    throw new InvalidCalendarException("holidays[" + i + "]", "required");
                }
                if (holiday.date().getYear() < firstYear || holiday.date().getYear() > lastYear) {
                    throw new InvalidCalendarException("holidays[" + i + "].date", holiday.date()
                            + " is outside the covered years " + firstYear + "–" + lastYear);
                }
                if (!seen.add(holiday.date())) {
                    throw new InvalidCalendarException("holidays[" + i + "].date", holiday.date() + " is listed twice");
                }
            }
            List<Holiday> ordered = new ArrayList<>(holidays);
            ordered.sort(Comparator.comparing(Holiday::date));
            holidays = List.copyOf(ordered);
        }

        @Override
        public List<Holiday> holidays(int year) {
            requireCovered(year);
            return holidays.stream().filter(h -> h.date().getYear() == year).toList();
        }

        /** Fails for a year the list does not cover, instead of letting it look like a year without holidays. */
        public void requireCovered(int year) {
            if (year < firstYear || year > lastYear) {
                throw new IllegalArgumentException("the supplied holiday list covers " + firstYear + "–" + lastYear
                        + ", not " + year);
            }
        }
    }
}
