package dev.tandem.scoring.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.tandem.scoring.FieldError;
import dev.tandem.platform.store.StoreFailures;
import dev.tandem.scoring.ModelValidationException;
import dev.tandem.scoring.service.NotFoundException;
import dev.tandem.scoring.service.StateConflictException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** The one place exceptions become RFC 9457 problem+json responses; nothing leaves as a bare error page. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response invalidModel(ModelValidationException e) {
        return Problem.invalid("the model has " + e.errors().size() + " problem(s)", e.errors()).toResponse();
    }

    @ServerExceptionMapper
    public Response constraint(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(v.getPropertyPath().toString(), v.getMessage())).toList();
        return Problem.invalid("the request is invalid", errors).toResponse();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Problem.of(404, "not-found", "Not found", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response conflict(StateConflictException e) {
        return Problem.of(409, "conflict", "Conflict", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper(priority = 1)
    public Response json(JsonProcessingException e) {
        String path = e instanceof MismatchedInputException m ? jsonPath(m) : "$";
        String detail = e instanceof InvalidFormatException || e instanceof MismatchedInputException
                ? "wrong type at " + path : "malformed JSON: " + e.getOriginalMessage();
        return Problem.invalid(detail, List.of(new FieldError(path, e.getOriginalMessage()))).toResponse();
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return Problem.of(401, "unauthorized", "Unauthorized", "a valid bearer token is required").toResponse();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return Problem.of(401, "unauthorized", "Unauthorized",
                "the bearer token is invalid, expired or not signed by a trusted key").toResponse();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(403, "forbidden", "Forbidden", "your role may not do this").toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json);
        }
        String title = Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        return Problem.of(status, title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'), title, e.getMessage())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (StoreFailures.unreachable(e)) {
            LOG.warnf("answered 503, the store cannot be reached: %s", e.toString());
            return Response.fromResponse(Problem.of(503, "store-unavailable", "Store unavailable",
                            "the database cannot be reached right now; try again shortly")
                    .toResponse()).header(HttpHeaders.RETRY_AFTER, StoreFailures.RETRY_AFTER_SECONDS).build();
        }
        LOG.error("unexpected error", e);
        return Problem.of(500, "internal", "Internal error", "something went wrong on our side").toResponse();
    }

    private static String jsonPath(MismatchedInputException e) {
        StringBuilder path = new StringBuilder("$");
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
