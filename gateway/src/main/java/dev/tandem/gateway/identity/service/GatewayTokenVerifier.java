package dev.tandem.gateway.identity.service;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Verifies the gateway's own tokens in-process against the keys in its database, so it never fetches its own JWKS
 * over HTTP and sees a new key the moment another replica creates it ({@link VerifiedTokens}, which also remembers a
 * verified token until its {@code exp}). The result is the standard smallrye-jwt
 * {@link JsonWebToken} principal with its groups as roles. A token naming no key of the gateway is left to
 * quarkus-smallrye-jwt's own validator (platform's {@code mp.jwt.verify.*}: in {@code %test} that is the key of
 * testing's TestJwt).
 */
@ApplicationScoped
public class GatewayTokenVerifier implements IdentityProvider<TokenAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(GatewayTokenVerifier.class);

    private final VerifiedTokens tokens;

    public GatewayTokenVerifier(VerifiedTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Ahead of smallrye-jwt's validator, which has the default priority (1001; higher runs first). */
    @Override
    public int priority() {
        return 2000;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> verify(request));
    }

    private SecurityIdentity verify(TokenAuthenticationRequest request) {
        Optional<JsonWebToken> own;
        try {
            own = tokens.verifyOwn(request.getToken().getToken());
        } catch (ParseException e) {
            throw new AuthenticationFailedException(e);
        }
        if (own.isEmpty()) {
            LOG.debug("token kid is not one of the gateway's keys: left to smallrye-jwt's validator");
            return null;
        }
        JsonWebToken jwt = own.get();
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(jwt)
                .addCredential(request.getToken())
                .addRoles(jwt.getGroups())
                .addAttribute("quarkus.user.jwt", jwt)
                .build();
    }
}
