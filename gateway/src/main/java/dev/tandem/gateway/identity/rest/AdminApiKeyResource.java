package dev.tandem.gateway.identity.rest;

import dev.tandem.gateway.identity.service.ApiKeys;
import dev.tandem.platform.http.ProblemException;
import dev.tandem.platform.security.Roles;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** API keys for machines: admins only. The secret is in the creation answer and nowhere else, ever. */
@Path("/api/admin/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Blocking
@Tag(name = "admin")
@SecurityRequirement(name = "SecurityScheme")
public class AdminApiKeyResource {

    @Inject
    ApiKeys apiKeys;

    @Inject
    Callers callers;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a key; the answer's key member is the secret, shown this once")
    public Response create(@Valid @NotNull Requests.NewApiKey body) {
        if (body.expiresAt() != null && !body.expiresAt().isAfter(Instant.now())) {
            throw ProblemException.badRequest("expiresAt", "must be in the future");
        }
        ApiKeys.Created created = apiKeys.create(body.name(), Checks.roles(body.roles()), body.subject(),
                body.expiresAt(), callers.subject(), callers.ip());
        return Response.created(URI.create("/api/admin/api-keys/" + created.key().id))
                .header("Cache-Control", "no-store")
                .entity(Views.ApiKeyView.of(created.key(), created.secret())).build();
    }

    @GET
    @Operation(summary = "List keys, newest first (no secrets)")
    public Views.Page<Views.ApiKeyView> list(@QueryParam("offset") @DefaultValue("0") int offset,
                                             @QueryParam("limit") @DefaultValue("50") int limit) {
        Checks.page(offset, limit);
        List<Views.ApiKeyView> items = apiKeys.page(offset, limit).stream().map(k -> Views.ApiKeyView.of(k, null)).toList();
        return new Views.Page<>(items, apiKeys.count(), offset, limit);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One key (no secret)")
    public Views.ApiKeyView get(@PathParam("id") UUID id) {
        return Views.ApiKeyView.of(apiKeys.get(id), null);
    }

    @POST
    @Path("/{id}/revoke")
    @Operation(summary = "Revoke a key: its next exchange is refused")
    public Views.ApiKeyView revoke(@PathParam("id") UUID id) {
        return Views.ApiKeyView.of(apiKeys.revoke(id, callers.subject(), callers.ip()), null);
    }
}
