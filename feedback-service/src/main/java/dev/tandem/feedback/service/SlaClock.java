package dev.tandem.feedback.service;

import dev.tandem.platform.calendar.BusinessCalendar;
import dev.tandem.platform.calendar.OpenSpan;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * SLA deadlines on a business calendar: "within n business days of t" ends at the closing time of the n-th business
 * day after t's date (an MQL on Friday with 1 day is due Monday at closing, or Tuesday when Monday is a holiday).
 */
public final class SlaClock {

    private SlaClock() {
    }

    public static Instant due(BusinessCalendar calendar, Instant start, int businessDays) {
        LocalDate day = start.atZone(calendar.zone()).toLocalDate();
        for (int i = 0; i < businessDays; i++) {
            day = calendar.nextBusinessDay(day);
        }
        List<OpenSpan> spans = calendar.openSpans(day);
        return spans.get(spans.size() - 1).end();
    }
}
