package dev.tandem.gateway.identity.rest;

import dev.tandem.gateway.identity.config.IdentityConfig;
import dev.tandem.gateway.identity.service.ApiKeys;
import dev.tandem.gateway.identity.service.Sessions;
import dev.tandem.gateway.identity.service.TokenIssuer;
import dev.tandem.platform.http.Problem;
import dev.tandem.platform.http.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Sign-in for people ({@code login}, {@code refresh}, {@code logout}) and machines ({@code token}). The refresh token
 * is set as an httpOnly, Secure, SameSite=Strict cookie scoped to /auth for the web app and returned in the body for
 * other clients. Every refusal is the same 401, so an answer never tells which part was wrong.
 */
@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "auth")
public class AuthResource {

    private static final String BEARER = "Bearer";

    @Inject
    Sessions sessions;

    @Inject
    ApiKeys apiKeys;

    @Inject
    IdentityConfig config;

    @Inject
    Callers callers;

    @Inject
    dev.tandem.gateway.ratelimit.LoginLimits loginLimits;

    @Inject
    JsonWebToken jwt;

    @POST
    @Path("/login")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sign in with email and password: an access token and a refresh token")
    public Response login(@Valid @NotNull Requests.Login body) {
        // Per account, before the password is checked: guessing one account's password from many addresses is
        // slowed as well (the per-address limit runs before this resource).
        loginLimits.account(body.email());
        Sessions.Granted granted = sessions.login(body.email(), body.password(), callers.ip())
                .orElseThrow(() -> refused("email or password is wrong, or the account may not sign in now"));
        return withRefreshCookie(granted);
    }

    @POST
    @Path("/refresh")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Trade a refresh token (cookie or body) for new tokens; a reused one ends its whole sign-in")
    public Response refresh(@Valid @NotNull Requests.RefreshGrant body, @Context HttpHeaders headers) {
        String presented = presented(body.refreshToken(), headers)
                .orElseThrow(() -> refused("no refresh token: send the cookie or refreshToken"));
        Sessions.Granted granted = sessions.refresh(presented, callers.ip())
                .orElseThrow(() -> refused("the refresh token is not valid; sign in again"));
        return withRefreshCookie(granted);
    }

    @POST
    @Path("/logout")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "End the sign-in of a refresh token (cookie or body); always 204")
    public Response logout(@Valid @NotNull Requests.RefreshGrant body, @Context HttpHeaders headers) {
        presented(body.refreshToken(), headers).ifPresent(token -> sessions.logout(token, callers.ip()));
        return Response.noContent().cookie(refreshCookie("", 0)).build();
    }

    @POST
    @Path("/token")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Exchange an API key for an access token")
    public Views.Tokens token(@Valid @NotNull Requests.KeyExchange body) {
        TokenIssuer.AccessToken access = apiKeys.exchange(body.apiKey(), callers.ip())
                .orElseThrow(() -> refused("the API key is not valid (unknown, revoked or expired)"));
        return new Views.Tokens(access.token(), BEARER, access.expiresIn(), null, null);
    }

    @GET
    @Path("/me")
    @Authenticated
    @Operation(summary = "Who the bearer token says the caller is")
    public Views.Me me() {
        String team = jwt.getClaim("team");
        return new Views.Me(jwt.getSubject(), List.copyOf(jwt.getGroups()), jwt.getClaim("name"),
                jwt.getClaim("email"), team, Instant.ofEpochSecond(jwt.getExpirationTime()));
    }

    private Optional<String> presented(String inBody, HttpHeaders headers) {
        if (inBody != null && !inBody.isBlank()) {
            return Optional.of(inBody);
        }
        Cookie cookie = headers.getCookies().get(config.refresh().cookieName());
        return cookie == null || cookie.getValue().isBlank() ? Optional.empty() : Optional.of(cookie.getValue());
    }

    private Response withRefreshCookie(Sessions.Granted granted) {
        Views.Tokens tokens = new Views.Tokens(granted.access().token(), BEARER, granted.access().expiresIn(),
                granted.refreshToken(), granted.refreshExpiresIn());
        return Response.ok(tokens)
                .cookie(refreshCookie(granted.refreshToken(), (int) granted.refreshExpiresIn()))
                .header("Cache-Control", "no-store")
                .build();
    }

    private NewCookie refreshCookie(String value, int maxAge) {
        return new NewCookie.Builder(config.refresh().cookieName())
                .value(value)
                .path("/auth")
                .maxAge(maxAge)
                .httpOnly(true)
                .secure(true)
                .sameSite(NewCookie.SameSite.STRICT)
                .build();
    }

    private static ProblemException refused(String detail) {
        return new ProblemException(Problem.of(401, "invalid-credentials", "Not signed in", detail));
    }
}
