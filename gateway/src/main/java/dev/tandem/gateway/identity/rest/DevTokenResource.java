package dev.tandem.gateway.identity.rest;

import dev.tandem.gateway.identity.AuditType;
import dev.tandem.gateway.identity.config.IdentityConfig;
import dev.tandem.gateway.identity.service.AuditLog;
import dev.tandem.gateway.identity.service.TokenIssuer;
import dev.tandem.platform.http.Problem;
import dev.tandem.platform.http.ProblemException;
import dev.tandem.platform.security.Roles;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;

/**
 * Tokens for any subject and roles, for {@code ./tandem token}, the e2e tests and the benches (they act as many
 * users without creating accounts). Off unless {@code tandem.identity.dev-tokens.enabled}; always off in %prod,
 * where it answers 404 as if it did not exist. Admins only; each mint is audited.
 */
@Path("/api/admin/dev-tokens")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Blocking
@Tag(name = "admin")
@SecurityRequirement(name = "SecurityScheme")
public class DevTokenResource {

    @Inject
    IdentityConfig config;

    @Inject
    TokenIssuer issuer;

    @Inject
    AuditLog audit;

    @Inject
    Callers callers;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Dev only: a token for the given subject and roles")
    public Views.Tokens mint(@Valid @NotNull Requests.DevToken body) {
        if (!config.devTokens().enabled()) {
            throw new ProblemException(Problem.of(404, "not-found", "Not found", "no such resource"));
        }
        Duration lifetime = body.lifetimeSeconds() == null ? config.accessTokenLifetime()
                : Duration.ofSeconds(body.lifetimeSeconds());
        if (lifetime.compareTo(config.devTokens().maxLifetime()) > 0) {
            throw ProblemException.badRequest("lifetimeSeconds", "must be at most "
                    + config.devTokens().maxLifetime().toSeconds());
        }
        TokenIssuer.AccessToken token = issuer.issue(new TokenIssuer.Claims(body.subject(),
                Checks.roles(body.roles()).toArray(String[]::new), body.name(), null, body.team()), lifetime);
        audit.record(AuditType.DEV_TOKEN_MINTED, callers.subject(), body.subject(), callers.ip(),
                "roles " + String.join(",", body.roles()) + ", " + lifetime.toSeconds() + " s");
        return new Views.Tokens(token.token(), "Bearer", token.expiresIn(), null, null);
    }
}
