package dev.tandem.lead.rest;

import dev.tandem.lead.service.ConflictException;
import dev.tandem.lead.service.CsvReader;
import dev.tandem.lead.service.DuplicateLeadException;
import dev.tandem.lead.service.EventsUnavailableException;
import dev.tandem.lead.service.ImportService;
import dev.tandem.lead.service.InvalidInputException;
import dev.tandem.lead.service.LeadNotFoundException;
import dev.tandem.platform.http.FieldError;
import dev.tandem.platform.http.Problem;
import dev.tandem.platform.http.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** lead-service's own refusals as problems; everything else is mapped by platform's {@link ProblemMappers}. */
public class Problems {

    private static final Logger LOG = Logger.getLogger(Problems.class);

    @ServerExceptionMapper
    public Response notFound(LeadNotFoundException e, UriInfo uri) {
        return ProblemMappers.respond(Problem.of(404, "lead-not-found", "Lead not found", e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response importNotFound(ImportService.ImportNotFoundException e, UriInfo uri) {
        return ProblemMappers.respond(Problem.of(404, "import-not-found", "Import not found", e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response malformedCsv(CsvReader.MalformedCsvException e, UriInfo uri) {
        return ProblemMappers.respond(Problem.of(400, "malformed-csv", "Malformed CSV", e.getMessage())
                .withErrors(List.of(new FieldError("line " + e.line(), e.getMessage()))), uri);
    }

    @ServerExceptionMapper
    public Response duplicate(DuplicateLeadException e, UriInfo uri) {
        return ProblemMappers.respond(Problem.of(409, "duplicate-lead", "Duplicate lead", e.getMessage())
                .withExtension("existingId", e.existingId())
                .withErrors(List.of(new FieldError("email", "is already used by lead " + e.existingId()))), uri);
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
    public Response unavailable(EventsUnavailableException e, UriInfo uri) {
        LOG.warn(e.getMessage());
        return ProblemMappers.unavailable(Problem.of(503, "events-unavailable", "Service unavailable",
                "the event log did not acknowledge the request; nothing was accepted, retry later"), uri);
    }
}
