package dev.tandem.feedback.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A KGI period: a month ({@code 2026-05}) or a quarter ({@code 2026-Q2}) in the company time zone. */
public record Period(String code, LocalDate firstDay, LocalDate endDay) {

    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(0[1-9]|1[0-2])");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");

    public static Period parse(String code) {
        Matcher month = MONTH.matcher(code == null ? "" : code);
        if (month.matches()) {
            YearMonth ym = YearMonth.of(Integer.parseInt(month.group(1)), Integer.parseInt(month.group(2)));
            return new Period(code, ym.atDay(1), ym.plusMonths(1).atDay(1));
        }
        Matcher quarter = QUARTER.matcher(code == null ? "" : code);
        if (quarter.matches()) {
            LocalDate first = LocalDate.of(Integer.parseInt(quarter.group(1)), 3 * Integer.parseInt(quarter.group(2)) - 2, 1);
            return new Period(code, first, first.plusMonths(3));
        }
        throw new InvalidInputException("period", "must be a month such as 2026-05 or a quarter such as 2026-Q2");
    }

    public Instant start(ZoneId zone) {
        return firstDay.atStartOfDay(zone).toInstant();
    }

    public Instant end(ZoneId zone) {
        return endDay.atStartOfDay(zone).toInstant();
    }
}
