package dev.tandem.feedback.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.feedback.Rep;
import dev.tandem.feedback.Team;
import dev.tandem.feedback.service.TeamService;
import dev.tandem.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;

/** {@code /teams} and {@code /reps}: admin and marketing manage them; sales reads them. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class TeamResource {

    static final String ID = "[A-Za-z0-9._@:-]{1,128}";

    public record TeamRequest(@NotBlank @Pattern(regexp = ID) String id, @NotBlank @Size(max = 200) String name,
                              JsonNode calendar) {
    }

    public record TeamUpdate(@NotBlank @Size(max = 200) String name, JsonNode calendar) {
    }

    public record TeamView(String id, String name, JsonNode calendar) {
    }

    public record Territories(List<@NotBlank @Pattern(regexp = "[A-Z]{2}") String> countries,
                              List<@NotBlank @Size(max = 20) String> prefectures,
                              List<@NotBlank @Size(max = 100) String> industries) {
    }

    public record OutOfOffice(@NotNull LocalDate from, @NotNull LocalDate to) {
    }

    public record RepRequest(@NotBlank @Pattern(regexp = ID) String id, @NotBlank @Size(max = 200) String name,
                             @NotBlank String teamId, @Valid Territories territories, JsonNode calendar,
                             @NotNull @Min(1) @Max(1000) Integer capacity, @Valid OutOfOffice outOfOffice,
                             Boolean active) {
    }

    public record RepUpdate(@NotBlank @Size(max = 200) String name, @NotBlank String teamId,
                            @Valid Territories territories, JsonNode calendar,
                            @NotNull @Min(1) @Max(1000) Integer capacity, @Valid OutOfOffice outOfOffice,
                            Boolean active) {
    }

    public record RepView(String id, String name, String teamId, Territories territories, JsonNode calendar,
                          int capacity, OutOfOffice outOfOffice, boolean active, long routed) {
    }

    @Inject
    TeamService service;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    @POST
    @Path("teams")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING})
    public Response createTeam(@Valid @NotNull TeamRequest request) {
        Team team = service.createTeam(new TeamService.TeamInput(request.id(), request.name(), request.calendar()));
        return Response.created(URI.create("/teams/" + team.id)).entity(view(team)).build();
    }

    @PUT
    @Path("teams/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING})
    public TeamView updateTeam(@PathParam("id") String id, @Valid @NotNull TeamUpdate request) {
        return view(service.updateTeam(id, new TeamService.TeamInput(id, request.name(), request.calendar())));
    }

    @GET
    @Path("teams")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    public List<TeamView> teams() {
        return service.teams().stream().map(this::view).toList();
    }

    @GET
    @Path("teams/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    public TeamView team(@PathParam("id") String id) {
        return view(service.team(id));
    }

    @POST
    @Path("reps")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING})
    public Response createRep(@Valid @NotNull RepRequest r) {
        Rep rep = service.createRep(input(r.id(), r.name(), r.teamId(), r.territories(), r.calendar(), r.capacity(),
                r.outOfOffice(), r.active()));
        return Response.created(URI.create("/reps/" + rep.id)).entity(view(rep)).build();
    }

    @PUT
    @Path("reps/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING})
    public RepView updateRep(@PathParam("id") String id, @Valid @NotNull RepUpdate r) {
        return view(service.updateRep(id, input(id, r.name(), r.teamId(), r.territories(), r.calendar(), r.capacity(),
                r.outOfOffice(), r.active())));
    }

    @GET
    @Path("reps")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    public List<RepView> reps(@QueryParam("teamId") String teamId) {
        return service.reps(teamId).stream().map(this::view).toList();
    }

    @GET
    @Path("reps/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    public RepView rep(@PathParam("id") String id) {
        return view(service.rep(id));
    }

    private static TeamService.RepInput input(String id, String name, String teamId, Territories t, JsonNode calendar,
                                              int capacity, OutOfOffice away, Boolean active) {
        return new TeamService.RepInput(id, name, teamId, t == null ? null : t.countries(),
                t == null ? null : t.prefectures(), t == null ? null : t.industries(), calendar, capacity,
                away == null ? null : away.from(), away == null ? null : away.to(), active == null || active);
    }

    private TeamView view(Team team) {
        return new TeamView(team.id, team.name, calendarNode(team.calendar));
    }

    private RepView view(Rep rep) {
        return new RepView(rep.id, rep.name, rep.teamId,
                new Territories(rep.countries, rep.prefectures, rep.industries), calendarNode(rep.calendar),
                rep.capacity, rep.outOfOfficeFrom == null ? null : new OutOfOffice(rep.outOfOfficeFrom, rep.outOfOfficeTo),
                rep.active, rep.routed);
    }

    private JsonNode calendarNode(String calendar) {
        try {
            return calendar == null ? null : json.readTree(calendar);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored calendar is not JSON", e);
        }
    }
}
