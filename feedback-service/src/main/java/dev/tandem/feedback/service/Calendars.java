package dev.tandem.feedback.service;

import dev.tandem.feedback.Rep;
import dev.tandem.feedback.Team;
import dev.tandem.feedback.config.FeedbackConfig;
import dev.tandem.feedback.repository.TeamRepository;
import dev.tandem.platform.calendar.BusinessCalendar;
import dev.tandem.platform.calendar.CalendarDefinition;
import dev.tandem.platform.calendar.ClosedPeriod;
import dev.tandem.platform.calendar.HolidaySource;
import dev.tandem.platform.calendar.WeeklyHours;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The business calendar each rep works on: their own, else their team's, else the company default. */
@ApplicationScoped
public class Calendars {

    @Inject
    FeedbackConfig config;

    @Inject
    TeamRepository teams;

    private final Map<String, BusinessCalendar> built = new ConcurrentHashMap<>();

    /** Weekdays 09:00–18:00 in the company zone, Japanese public holidays, closed over the New Year. */
    public String defaultDefinition() {
        return CalendarDefinition.of(config.zone(), HolidaySource.JAPAN, WeeklyHours.weekdays("09:00-18:00"))
                .withClosedPeriods(ClosedPeriod.of("12-29", "01-03", "年末年始休業")).toJson();
    }

    public BusinessCalendar of(String definitionJson) {
        return built.computeIfAbsent(definitionJson, json -> BusinessCalendar.of(CalendarDefinition.fromJson(json)));
    }

    public BusinessCalendar companyDefault() {
        return of(defaultDefinition());
    }

    public BusinessCalendar ofRep(Rep rep) {
        if (rep == null) {
            return companyDefault();
        }
        if (rep.calendar != null) {
            return of(rep.calendar);
        }
        Team team = teams.findById(rep.teamId);
        return team == null ? companyDefault() : of(team.calendar);
    }
}
