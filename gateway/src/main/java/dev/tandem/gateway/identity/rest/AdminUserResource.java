package dev.tandem.gateway.identity.rest;

import dev.tandem.gateway.identity.User;
import dev.tandem.gateway.identity.service.Users;
import dev.tandem.platform.security.Roles;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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

/** Accounts of people: admins only. */
@Path("/api/admin/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Blocking
@Tag(name = "admin")
@SecurityRequirement(name = "SecurityScheme")
public class AdminUserResource {

    static final String MERGE_PATCH = "application/merge-patch+json";

    @Inject
    Users users;

    @Inject
    Callers callers;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a user")
    public Response create(@Valid @NotNull Requests.NewUser body) {
        User user = users.create(body.email(), body.displayName(), Checks.roles(body.roles()), body.team(),
                body.enabled() == null || body.enabled(), body.password(), callers.subject(), callers.ip());
        return Response.created(URI.create("/api/admin/users/" + user.id)).entity(Views.UserView.of(user, Instant.now()))
                .build();
    }

    @GET
    @Operation(summary = "List users by email")
    public Views.Page<Views.UserView> list(@QueryParam("offset") @DefaultValue("0") int offset,
                                           @QueryParam("limit") @DefaultValue("50") int limit) {
        Checks.page(offset, limit);
        Instant now = Instant.now();
        List<Views.UserView> items = users.page(offset, limit).stream().map(u -> Views.UserView.of(u, now)).toList();
        return new Views.Page<>(items, users.count(), offset, limit);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One user")
    public Views.UserView get(@PathParam("id") UUID id) {
        return Views.UserView.of(users.get(id), Instant.now());
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, MERGE_PATCH})
    @Operation(summary = "Change display name, roles, team or enabled; disabling ends the user's sign-ins")
    public Views.UserView update(@PathParam("id") UUID id, @Valid @NotNull Requests.UserChange body) {
        Users.Change change = new Users.Change(body.displayName(),
                body.roles() == null ? null : Checks.roles(body.roles()), body.team(), body.enabled());
        return Views.UserView.of(users.update(id, change, callers.subject(), callers.ip()), Instant.now());
    }

    @POST
    @Path("/{id}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a new password; unlocks the account and ends its sign-ins")
    public Response resetPassword(@PathParam("id") UUID id, @Valid @NotNull Requests.PasswordReset body) {
        users.resetPassword(id, body.password(), callers.subject(), callers.ip());
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/unlock")
    @Operation(summary = "Lift a lockout after failed sign-ins")
    public Views.UserView unlock(@PathParam("id") UUID id) {
        return Views.UserView.of(users.unlock(id, callers.subject(), callers.ip()), Instant.now());
    }

}
