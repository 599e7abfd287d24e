package dev.tandem.lead.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.tandem.platform.store.StoreFailures;
import dev.tandem.lead.FieldError;
import dev.tandem.lead.LeadInput;
import dev.tandem.lead.Problem;
import dev.tandem.lead.service.ConflictException;
import dev.tandem.lead.service.DuplicateLeadException;
import dev.tandem.lead.service.EventsUnavailableException;
import dev.tandem.lead.service.InvalidInputException;
import dev.tandem.lead.service.LeadNotFoundException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** The one exception mapping of lead-service: every error answer is an RFC 9457 problem (application/problem+json). */
public class Problems {

    private static final Logger LOG = Logger.getLogger(Problems.class);

    @Inject
    ObjectMapper mapper;

    public static Response response(ObjectMapper mapper, Problem problem) {
        try {
            return Response.status(problem.status())
                    .type(Problem.MEDIA_TYPE)
                    .entity(mapper.writeValueAsString(problem))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem", e);
        }
    }

    private Response respond(Problem problem, UriInfo uri) {
        return response(mapper, uri == null ? problem : problem.withInstance(uri.getPath()));
    }

    @ServerExceptionMapper
    public Response notFound(LeadNotFoundException e, UriInfo uri) {
        return respond(Problem.of(404, "lead-not-found", "Lead not found", e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response importNotFound(dev.tandem.lead.service.ImportService.ImportNotFoundException e, UriInfo uri) {
        return respond(Problem.of(404, "import-not-found", "Import not found", e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response malformedCsv(dev.tandem.lead.service.CsvReader.MalformedCsvException e, UriInfo uri) {
        return respond(Problem.of(400, "malformed-csv", "Malformed CSV", e.getMessage())
                .withErrors(List.of(new FieldError("line " + e.line(), e.getMessage()))), uri);
    }

    @ServerExceptionMapper
    public Response duplicate(DuplicateLeadException e, UriInfo uri) {
        return respond(Problem.of(409, "duplicate-lead", "Duplicate lead", e.getMessage())
                .withExistingId(e.existingId())
                .withErrors(List.of(new FieldError("email", "is already used by lead " + e.existingId()))), uri);
    }

    @ServerExceptionMapper
    public Response invalid(InvalidInputException e, UriInfo uri) {
        return respond(Problem.of(400, "invalid-input", "Invalid input", e.getMessage()).withErrors(e.errors()), uri);
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e, UriInfo uri) {
        return respond(Problem.of(409, "conflict", "Conflict", e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response unavailable(EventsUnavailableException e, UriInfo uri) {
        LOG.warn(e.getMessage());
        return Response.fromResponse(respond(Problem.of(503, "events-unavailable", "Service unavailable",
                "the event log did not acknowledge the request; nothing was accepted, retry later"), uri))
                .header(HttpHeaders.RETRY_AFTER, "5").build();
    }

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldOf(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        return respond(Problem.of(400, "invalid-input", "Invalid input",
                errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; ")))
                .withErrors(errors), uri);
    }

    /** "create.input.email" (method, parameter, field) becomes "email"; a null body becomes "body". */
    static String fieldOf(String path) {
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 ? parts[2] : "body";
    }

    @ServerExceptionMapper
    public Response mismatched(com.fasterxml.jackson.databind.exc.MismatchedInputException e, UriInfo uri) {
        return respond(jsonProblem(e), uri);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        return respond(jsonProblem(e), uri);
    }

    /** The problem for a body Jackson could not read, naming the field when there is one. */
    public static Problem jsonProblem(JsonProcessingException e) {
        if (e instanceof JsonParseException) {
            return Problem.of(400, "malformed-json", "Malformed JSON", e.getOriginalMessage());
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            String field = FieldError.pathOf(unknown);
            String name = unknown.getPropertyName();
            String message = LeadInput.READ_ONLY.contains(name) ? "is read-only" : "is not a known field";
            return Problem.of(400, "invalid-input", "Invalid input", field + " " + message)
                    .withErrors(List.of(new FieldError(field, message)));
        }
        if (e instanceof JsonMappingException mapping) {
            String field = FieldError.pathOf(mapping);
            String message;
            if (e instanceof ValueInstantiationException && e.getCause() != null) {
                message = e.getCause().getMessage();
            } else if (e instanceof InvalidFormatException format) {
                message = "cannot take the value " + format.getValue()
                        + (format.getTargetType() != null && format.getTargetType().isEnum()
                        ? "" : " as " + simpleType(format.getTargetType()));
            } else {
                message = firstLine(e.getOriginalMessage());
            }
            if (field.isEmpty()) {
                return Problem.of(400, "invalid-input", "Invalid input", message);
            }
            return Problem.of(400, "invalid-input", "Invalid input", field + ": " + message)
                    .withErrors(List.of(new FieldError(field, message)));
        }
        return Problem.of(400, "malformed-json", "Malformed JSON", firstLine(e.getOriginalMessage()));
    }

    private static String simpleType(Class<?> type) {
        return type == null ? "this type" : type.getSimpleName();
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable body";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    private Response unauthorized(UriInfo uri) {
        return Response.fromResponse(respond(Problem.of(401, "unauthorized", "Unauthorized",
                "a valid bearer token is required"), uri))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(403, "forbidden", "Forbidden", "your role may not do this"), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return respond(jsonProblem(json), uri);
        }
        int status = e.getResponse().getStatus();
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "Error" : type.getReasonPhrase();
        String detail = e.getMessage() == null || e.getMessage().startsWith("HTTP ") ? title : e.getMessage();
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        Response mapped = respond(Problem.of(status, slug(title), title, detail), uri);
        Response.ResponseBuilder builder = Response.fromResponse(mapped);
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            builder.header(HttpHeaders.ALLOW, allow);
        }
        return builder.build();
    }

    private static String slug(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        if (StoreFailures.unreachable(e)) {
            LOG.warnf("answered 503, the store cannot be reached: %s", e.toString());
            return Response.fromResponse(respond(Problem.of(503, "store-unavailable", "Store unavailable",
                            "the database cannot be reached right now; try again shortly"), uri))
                    .header(HttpHeaders.RETRY_AFTER, StoreFailures.RETRY_AFTER_SECONDS).build();
        }
        LOG.error("unexpected failure", e);
        return respond(Problem.of(500, "internal-error", "Internal error",
                "the request failed unexpectedly; it has been logged"), uri);
    }
}
