package dev.tandem.scoring.rest;

import dev.tandem.platform.http.Problem;
import dev.tandem.scoring.ModelValidationException;
import dev.tandem.scoring.service.NotFoundException;
import dev.tandem.scoring.service.StateConflictException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import static dev.tandem.platform.http.ProblemMappers.respond;

/** scoring-service's own refusals as problems; everything else is mapped by platform's ProblemMappers. */
public class ScoringProblems {

    @ServerExceptionMapper
    public Response invalidModel(ModelValidationException e, UriInfo uri) {
        return respond(Problem.invalid("the model has " + e.errors().size() + " problem(s)", e.errors()), uri);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return respond(Problem.of(404, "not-found", "Not found", e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response conflict(StateConflictException e, UriInfo uri) {
        return respond(Problem.of(409, "conflict", "Conflict", e.getMessage()), uri);
    }
}
