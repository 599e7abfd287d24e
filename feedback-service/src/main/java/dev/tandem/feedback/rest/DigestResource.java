package dev.tandem.feedback.rest;

import dev.tandem.feedback.service.Caller;
import dev.tandem.feedback.service.DigestService;
import dev.tandem.platform.http.Problem;
import dev.tandem.platform.http.ProblemException;
import dev.tandem.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.time.LocalDate;

/** The weekly digest as JSON or HTML ({@code Accept: text/html}), and the agenda either side adds to. */
@Path("/")
public class DigestResource {

    public record AgendaRequest(@Pattern(regexp = "\\d{4}-W\\d{2}") String isoWeek,
                                @NotBlank @Size(max = 200) String title, @Size(max = 4000) String body,
                                @Size(max = 128) String leadId,
                                @Pattern(regexp = "sales|marketing", message = "must be sales or marketing") String side) {
    }

    @Inject
    DigestService digests;

    @Inject
    Callers callers;

    @GET
    @Path("digests/{isoWeek}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    public DigestService.Digest json(@PathParam("isoWeek") String week) {
        return digests.digest(week, Instant.now());
    }

    @GET
    @Path("digests/{isoWeek}")
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    public String html(@PathParam("isoWeek") String week) {
        return digests.html(digests.digest(week, Instant.now()));
    }

    @POST
    @Path("agenda")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    public Response addAgenda(@Valid @NotNull AgendaRequest request) {
        Caller caller = callers.current();
        String side = caller.roles().contains(Roles.ADMIN) ? (request.side() == null ? "marketing" : request.side())
                : caller.roles().contains(Roles.MARKETING) ? "marketing" : "sales";
        if (request.side() != null && !request.side().equals(side)) {
            throw new ProblemException(Problem.invalid("side", "you add to the " + side + " side's agenda"));
        }
        String week = request.isoWeek() != null ? request.isoWeek()
                : DigestService.weekOf(LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")));
        return Response.status(201).entity(digests.addAgenda(week, side, request.title(), request.body(),
                request.leadId(), caller.subject())).build();
    }
}
