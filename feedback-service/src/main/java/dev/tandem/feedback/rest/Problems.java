package dev.tandem.feedback.rest;

import dev.tandem.feedback.service.ConflictException;
import dev.tandem.feedback.service.InvalidInputException;
import dev.tandem.feedback.service.NotFoundException;
import dev.tandem.platform.http.Problem;
import dev.tandem.platform.http.ProblemException;
import dev.tandem.platform.http.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Optional;

/** feedback-service's domain exceptions as problem+json. */
public class Problems {

    /** The problem a domain or platform exception stands for; empty for anything else (a fault: 500). */
    public static Optional<Problem> of(Throwable e) {
        if (e instanceof NotFoundException) {
            return Optional.of(Problem.of(404, "not-found", "Not found", e.getMessage()));
        }
        if (e instanceof ConflictException) {
            return Optional.of(Problem.of(409, "conflict", "Conflict", e.getMessage()));
        }
        if (e instanceof InvalidInputException invalid) {
            return Optional.of(Problem.invalid(invalid.field(), invalid.getMessage()));
        }
        if (e instanceof ProblemException problem) {
            return Optional.of(problem.problem());
        }
        return Optional.empty();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return ProblemMappers.respond(of(e).orElseThrow(), uri);
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e, UriInfo uri) {
        return ProblemMappers.respond(of(e).orElseThrow(), uri);
    }

    @ServerExceptionMapper
    public Response invalid(InvalidInputException e, UriInfo uri) {
        return ProblemMappers.respond(of(e).orElseThrow(), uri);
    }
}
