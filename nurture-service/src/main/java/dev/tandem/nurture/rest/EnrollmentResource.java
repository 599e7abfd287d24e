package dev.tandem.nurture.rest;

import dev.tandem.nurture.EnrollmentView;
import dev.tandem.nurture.service.EnrollmentService;
import dev.tandem.nurture.service.InvalidInputException;
import dev.tandem.nurture.service.LeadDirectory;
import dev.tandem.platform.security.Callers;
import dev.tandem.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Enrolments; a sales rep sees and acts on the enrolments of own leads only (others: 404). */
@Path("/enrollments")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
public class EnrollmentResource {

    @Inject
    EnrollmentService enrollments;

    @Inject
    LeadDirectory directory;

    @Inject
    Callers callers;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response enroll(Requests.Enroll body) {
        if (body == null || body.campaignId() == null || body.leadId() == null || body.leadId().isBlank()) {
            throw new InvalidInputException(java.util.stream.Stream.of(
                            body == null || body.campaignId() == null ? new dev.tandem.platform.http.FieldError("campaignId", "is required") : null,
                            body == null || body.leadId() == null || body.leadId().isBlank() ? new dev.tandem.platform.http.FieldError("leadId", "is required") : null)
                    .filter(java.util.Objects::nonNull).toList());
        }
        directory.rememberOwner(callers.current());
        EnrollmentView created = enrollments.enrollByApi(body.campaignId(), body.leadId(), callers.current());
        return Response.created(URI.create("/enrollments/" + created.id())).entity(created).build();
    }

    /** The lead's enrolments, newest first (the gateway's lead 360 reads this). */
    @GET
    public List<EnrollmentView> ofLead(@QueryParam("leadId") String leadId) {
        if (leadId == null || leadId.isBlank()) {
            throw InvalidInputException.of("leadId", "is required");
        }
        return enrollments.ofLead(leadId, callers.current());
    }

    @GET
    @Path("/{id}")
    public EnrollmentView get(@PathParam("id") UUID id) {
        return enrollments.get(id, callers.current());
    }

    @POST
    @Path("/{id}/pause")
    @Consumes(MediaType.APPLICATION_JSON)
    public EnrollmentView pause(@PathParam("id") UUID id, Requests.Pause body) {
        if (body == null || body.reason() == null || body.reason().isBlank()) {
            throw InvalidInputException.of("reason", "is required (marketing sees why nurture stopped)");
        }
        if (body.reason().length() > 500) {
            throw InvalidInputException.of("reason", "must be at most 500 characters");
        }
        return enrollments.pause(id, body.reason().trim(), callers.current());
    }

    @POST
    @Path("/{id}/resume")
    public EnrollmentView resume(@PathParam("id") UUID id) {
        return enrollments.resume(id, callers.current());
    }
}
