package dev.tandem.feedback.rest;

import dev.tandem.platform.security.Caller;
import dev.tandem.feedback.service.DigestService;
import dev.tandem.platform.http.Problem;
import dev.tandem.platform.http.ProblemException;
import dev.tandem.platform.security.Callers;
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

    /** JSON unless the client asks for HTML ({@code Accept: text/html}, as a browser does). */
    @GET
    @Path("digests/{isoWeek}")
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    public Response digest(@PathParam("isoWeek") String week,
                           @jakarta.ws.rs.HeaderParam(jakarta.ws.rs.core.HttpHeaders.ACCEPT) String accept) {
        DigestService.Digest digest = digests.digest(week, Instant.now());
        if (accept != null && accept.contains(MediaType.TEXT_HTML)) {
            return Response.ok(digests.html(digest), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
        }
        return Response.ok(digest, MediaType.APPLICATION_JSON_TYPE).build();
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
