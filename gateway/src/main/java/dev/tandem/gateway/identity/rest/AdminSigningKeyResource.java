package dev.tandem.gateway.identity.rest;

import dev.tandem.gateway.identity.service.SigningKeys;
import dev.tandem.platform.security.Roles;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The issuer's signing keys (public facts only): admins only. */
@Path("/api/admin/signing-keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Blocking
@Tag(name = "admin")
@SecurityRequirement(name = "SecurityScheme")
public class AdminSigningKeyResource {

    @Inject
    SigningKeys keys;

    @Inject
    Callers callers;

    @GET
    @Operation(summary = "Every stored key: pending, active, retiring (still published) or retired")
    public List<SigningKeys.KeyInfo> list() {
        return keys.list();
    }

    @POST
    @Path("/rotate")
    @Operation(summary = "Rotate now: a new key, published at once, signing after the publish lead")
    public Response rotate() {
        return Response.status(201).entity(keys.rotate(callers.subject())).build();
    }
}
