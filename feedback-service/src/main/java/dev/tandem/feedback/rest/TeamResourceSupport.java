package dev.tandem.feedback.rest;

import dev.tandem.feedback.service.TeamService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** A {@code teamId} query parameter must name a team (404 otherwise). */
@ApplicationScoped
public class TeamResourceSupport {

    @Inject
    TeamService teams;

    public void requireTeam(String teamId) {
        if (teamId != null) {
            teams.team(teamId);
        }
    }
}
