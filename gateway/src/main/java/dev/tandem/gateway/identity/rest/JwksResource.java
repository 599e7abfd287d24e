package dev.tandem.gateway.identity.rest;

import dev.tandem.gateway.identity.config.IdentityConfig;
import dev.tandem.gateway.identity.service.SigningKeys;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The issuer's public keys (RFC 7517), which every service verifies tokens with. */
@Path("/.well-known/jwks.json")
@Blocking
@Tag(name = "auth")
public class JwksResource {

    public static final String JWK_SET = "application/jwk-set+json";

    @Inject
    SigningKeys keys;

    @Inject
    IdentityConfig config;

    @GET
    @PermitAll
    @Produces({"application/json", JWK_SET})
    @Operation(summary = "Published signing keys: the active one, the next one, and retiring ones")
    public Response jwks() {
        return Response.ok(keys.jwks(), "application/json")
                .header("Cache-Control", "public, max-age=" + config.keys().jwksMaxAge().toSeconds())
                .build();
    }
}
