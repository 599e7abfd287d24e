package dev.tandem.feedback.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.feedback.Rep;
import dev.tandem.feedback.Team;
import dev.tandem.feedback.repository.RepRepository;
import dev.tandem.feedback.repository.TeamRepository;
import dev.tandem.platform.calendar.CalendarDefinition;
import dev.tandem.platform.calendar.InvalidCalendarException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Sales teams and reps, managed by admin and marketing. */
@ApplicationScoped
public class TeamService {

    @Inject
    TeamRepository teams;

    @Inject
    RepRepository reps;

    @Inject
    Calendars calendars;

    public record TeamInput(String id, String name, JsonNode calendar) {
    }

    public record RepInput(String id, String name, String teamId, List<String> countries, List<String> prefectures,
                           List<String> industries, JsonNode calendar, int capacity, LocalDate outOfOfficeFrom,
                           LocalDate outOfOfficeTo, boolean active) {
    }

    @Transactional
    public Team createTeam(TeamInput input) {
        if (teams.findById(input.id()) != null) {
            throw new ConflictException("team '" + input.id() + "' exists");
        }
        Team team = new Team();
        team.id = input.id();
        team.name = input.name();
        team.calendar = input.calendar() == null ? calendars.defaultDefinition() : calendarJson(input.calendar());
        team.createdAt = Instant.now();
        teams.persist(team);
        return team;
    }

    @Transactional
    public Team updateTeam(String id, TeamInput input) {
        Team team = team(id);
        team.name = input.name();
        if (input.calendar() != null) {
            team.calendar = calendarJson(input.calendar());
        }
        return team;
    }

    public Team team(String id) {
        Team team = teams.findById(id);
        if (team == null) {
            throw new NotFoundException("no team '" + id + "'");
        }
        return team;
    }

    public List<Team> teams() {
        return teams.listAll(io.quarkus.panache.common.Sort.by("id"));
    }

    @Transactional
    public Rep createRep(RepInput input) {
        if (reps.findById(input.id()) != null) {
            throw new ConflictException("rep '" + input.id() + "' exists");
        }
        Rep rep = new Rep();
        rep.id = input.id();
        rep.createdAt = Instant.now();
        fill(rep, input);
        reps.persist(rep);
        return rep;
    }

    @Transactional
    public Rep updateRep(String id, RepInput input) {
        Rep rep = rep(id);
        fill(rep, input);
        return rep;
    }

    public Rep rep(String id) {
        Rep rep = reps.findById(id);
        if (rep == null) {
            throw new NotFoundException("no rep '" + id + "'");
        }
        return rep;
    }

    public List<Rep> reps(String teamId) {
        return teamId == null ? reps.listAll(io.quarkus.panache.common.Sort.by("id"))
                : reps.list("teamId = ?1 order by id", teamId);
    }

    private void fill(Rep rep, RepInput input) {
        if (teams.findById(input.teamId()) == null) {
            throw new InvalidInputException("teamId", "no team '" + input.teamId() + "'");
        }
        if ((input.outOfOfficeFrom() == null) != (input.outOfOfficeTo() == null)) {
            throw new InvalidInputException("outOfOffice", "give both from and to, or neither");
        }
        if (input.outOfOfficeFrom() != null && input.outOfOfficeTo().isBefore(input.outOfOfficeFrom())) {
            throw new InvalidInputException("outOfOffice.to", "must not be before from");
        }
        rep.name = input.name();
        rep.teamId = input.teamId();
        rep.countries = List.copyOf(input.countries() == null ? List.of() : input.countries());
        rep.prefectures = List.copyOf(input.prefectures() == null ? List.of() : input.prefectures());
        rep.industries = List.copyOf(input.industries() == null ? List.of() : input.industries());
        rep.calendar = input.calendar() == null ? null : calendarJson(input.calendar());
        rep.capacity = input.capacity();
        rep.outOfOfficeFrom = input.outOfOfficeFrom();
        rep.outOfOfficeTo = input.outOfOfficeTo();
        rep.active = input.active();
    }

    private static String calendarJson(JsonNode calendar) {
        try {
            return CalendarDefinition.fromJson(calendar.toString()).toJson();
        } catch (InvalidCalendarException e) {
            throw new InvalidInputException("calendar." + e.field(), e.reason());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("calendar", e.getMessage());
        }
    }
}
