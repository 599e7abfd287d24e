package dev.tandem.gateway.identity.rest;

import dev.tandem.gateway.identity.AuditType;
import dev.tandem.gateway.identity.repository.AuditRepository;
import dev.tandem.platform.http.ProblemException;
import dev.tandem.platform.security.Roles;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The identity audit log, newest first: admins only. */
@Path("/api/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Blocking
@Tag(name = "admin")
@SecurityRequirement(name = "SecurityScheme")
public class AdminAuditResource {

    @Inject
    AuditRepository audit;

    @GET
    @Transactional
    @Operation(summary = "Sign-ins, failures, lockouts, key creation and revocation; page on with before=nextBefore")
    public Views.AuditPage list(@QueryParam("type") String type,
                                @QueryParam("before") Long before,
                                @QueryParam("limit") @DefaultValue("50") int limit) {
        Checks.page(0, limit);
        if (before != null && before < 1) {
            throw ProblemException.badRequest("before", "must be an event id (1 or more)");
        }
        if (type != null && AuditType.fromCode(type) == null) {
            throw ProblemException.badRequest("type", "must be one of " + Arrays.stream(AuditType.values())
                    .map(AuditType::code).collect(Collectors.joining(", ")));
        }
        List<Views.AuditView> items = audit.page(type, before, limit).stream().map(Views.AuditView::of).toList();
        Long next = items.size() == limit ? items.get(items.size() - 1).id() : null;
        return new Views.AuditPage(items, next);
    }
}
