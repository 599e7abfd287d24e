package dev.tandem.nurture.rest;

import dev.tandem.nurture.sending.SmtpFailure;
import dev.tandem.nurture.service.ConflictException;
import dev.tandem.nurture.service.InvalidInputException;
import dev.tandem.nurture.service.NotFoundException;
import dev.tandem.platform.http.Problem;
import dev.tandem.platform.http.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** nurture-service's own refusals as problems; everything else is mapped by platform's {@link ProblemMappers}. */
public class Problems {

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return ProblemMappers.respond(Problem.of(404, e.kind() + "-not-found", "Not found", e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response invalid(InvalidInputException e, UriInfo uri) {
        return ProblemMappers.respond(Problem.invalid(e.getMessage(), e.errors()), uri);
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e, UriInfo uri) {
        return ProblemMappers.respond(Problem.of(409, "conflict", "Conflict", e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response smtp(SmtpFailure e, UriInfo uri) {
        return ProblemMappers.respond(Problem.of(502, "smtp-failed", "The mail server refused the message",
                e.getMessage()), uri);
    }
}
