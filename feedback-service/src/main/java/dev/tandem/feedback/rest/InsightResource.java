package dev.tandem.feedback.rest;

import dev.tandem.feedback.service.InsightService;
import dev.tandem.platform.http.Problem;
import dev.tandem.platform.http.ProblemException;
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

/** {@code GET /insights/rejections?from&to} (default: the last 90 days), for marketing's scoring model. */
@Path("/insights")
@Produces(MediaType.APPLICATION_JSON)
public class InsightResource {

    @Inject
    InsightService insights;

    @GET
    @Path("rejections")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING})
    public InsightService.Rejections rejections(@QueryParam("from") String from, @QueryParam("to") String to) {
        Instant end = to == null ? Instant.now() : instant("to", to);
        Instant start = from == null ? end.minus(Duration.ofDays(90)) : instant("from", from);
        if (!start.isBefore(end)) {
            throw new ProblemException(Problem.invalid("from", "must be before to"));
        }
        return insights.rejections(start, end);
    }

    static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ProblemException(Problem.invalid(name, "must be an ISO-8601 instant such as 2026-05-01T00:00:00Z"));
        }
    }
}
