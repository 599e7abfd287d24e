package dev.tandem.feedback.rest;

import dev.tandem.feedback.service.SlaService;
import dev.tandem.platform.http.Problem;
import dev.tandem.platform.http.ProblemException;
import dev.tandem.platform.security.Callers;
import dev.tandem.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** {@code GET /sla/breaches?from&to}: breaches per side; a sales rep sees their own. */
@Path("/sla")
@Produces(MediaType.APPLICATION_JSON)
public class SlaResource {

    @Inject
    SlaService sla;

    @Inject
    Callers callers;

    @GET
    @Path("breaches")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    public SlaService.Breaches breaches(@QueryParam("from") String from, @QueryParam("to") String to) {
        Instant now = Instant.now();
        Instant end = to == null ? now.plus(Duration.ofDays(1)) : instant("to", to);
        Instant start = from == null ? end.minus(Duration.ofDays(31)) : instant("from", from);
        if (!start.isBefore(end)) {
            throw new ProblemException(Problem.invalid("from", "must be before to"));
        }
        return sla.breaches(start, end, callers.current(), now);
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ProblemException(Problem.invalid(name, "must be an ISO-8601 instant such as 2026-05-01T00:00:00Z"));
        }
    }
}
