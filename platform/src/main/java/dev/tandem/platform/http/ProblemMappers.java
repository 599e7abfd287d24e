package dev.tandem.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.tandem.platform.store.StoreFailures;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The exception mapping every service shares: whatever ends a request leaves as an RFC 9457 problem
 * (application/problem+json). A service adds mappers only for its own domain exceptions, or throws
 * {@link ProblemException}.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** The answer carrying {@code problem}, with the request's path as its instance. */
    public static Response respond(Problem problem, UriInfo uri) {
        Problem withInstance = uri == null || problem.instance() != null ? problem : problem.withInstance(uri.getPath());
        return Response.status(withInstance.status()).type(Problem.MEDIA_TYPE).entity(withInstance).build();
    }

    /** A 503 the client should retry after {@link StoreFailures#RETRY_AFTER_SECONDS}. */
    public static Response unavailable(Problem problem, UriInfo uri) {
        return Response.fromResponse(respond(problem, uri))
                .header(HttpHeaders.RETRY_AFTER, StoreFailures.RETRY_AFTER_SECONDS).build();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        if (e.problem().status() >= 500) {
            LOG.warn(e.getMessage(), e.getCause());
        }
        return e.problem().status() == 503 ? unavailable(e.problem(), uri) : respond(e.problem(), uri);
    }

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
        return respond(Problem.invalid(errors.stream().map(f -> f.field() + ": " + f.message())
                .collect(Collectors.joining("; ")), errors), uri);
    }

    /** "create.input.email" (method, parameter, field) becomes "email"; a violation of the body itself, "body". */
    static String fieldOf(ConstraintViolation<?> violation) {
        String[] parts = violation.getPropertyPath().toString().split("\\.", 3);
        return parts.length == 3 ? parts[2] : "body";
    }

    @ServerExceptionMapper(priority = 1)
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return respond(JsonProblems.of(e), uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response json(JsonProcessingException e, UriInfo uri) {
        return respond(JsonProblems.of(e), uri);
    }

    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e, UriInfo uri) {
        return unauthorized("the bearer token is missing, invalid, expired or not signed by a trusted key", uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthorized("a valid bearer token is required", uri);
    }

    private static Response unauthorized(String detail, UriInfo uri) {
        return Response.fromResponse(respond(Problem.of(401, "unauthorized", "Unauthorized", detail), uri))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(403, "forbidden", "Forbidden", "your role may not do this"), uri);
    }

    @Inject
    BodyMediaTypes mediaTypes;

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, Request request, HttpHeaders headers) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return respond(JsonProblems.of(json), uri);
        }
        int status = e.getResponse().getStatus();
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "Error" : type.getReasonPhrase();
        String detail = e.getMessage() == null || e.getMessage().startsWith("HTTP ") ? title : e.getMessage();
        if (status == 415 && request != null && uri != null) {
            String accepted = mediaTypes.acceptedBy(request.getMethod(), uri.getPath());
            detail = "Content-Type " + headers.getHeaderString(HttpHeaders.CONTENT_TYPE) + " is not accepted here"
                    + (accepted == null ? "" : "; this endpoint takes " + accepted);
        }
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        Response.ResponseBuilder builder = Response.fromResponse(respond(Problem.of(status, slug(title), title, detail), uri));
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            builder.header(HttpHeaders.ALLOW, allow);
        }
        return builder.build();
    }

    private static String slug(String title) {
        return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        if (StoreFailures.unreachable(e)) {
            LOG.warnf("answered 503, the store cannot be reached: %s", e.toString());
            return unavailable(Problem.of(503, "store-unavailable", "Store unavailable",
                    "the database cannot be reached right now; try again shortly"), uri);
        }
        LOG.error("unexpected failure", e);
        return respond(Problem.of(500, "internal-error", "Internal error",
                "the request failed unexpectedly; it has been logged"), uri);
    }
}
