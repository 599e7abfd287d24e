package dev.tandem.gateway.identity.service;

import dev.tandem.gateway.identity.config.IdentityConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Optional;

/**
 * Verifies the gateway's own tokens in-process against the keys in its database, so it never fetches its own JWKS
 * over HTTP and sees a new key the moment another replica creates it. The result is the standard smallrye-jwt
 * {@link JsonWebToken} principal with its groups as roles. A token naming no key of the gateway is left to
 * quarkus-smallrye-jwt's own validator (platform's {@code mp.jwt.verify.*}: in {@code %test} that is the key of
 * testing's TestJwt).
 */
@ApplicationScoped
public class GatewayTokenVerifier implements IdentityProvider<TokenAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(GatewayTokenVerifier.class);

    private final SigningKeys keys;
    private final JWTParser parser;
    private final IdentityConfig config;

    public GatewayTokenVerifier(SigningKeys keys, JWTParser parser, IdentityConfig config) {
        this.keys = keys;
        this.parser = parser;
        this.config = config;
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
        String token = request.getToken().getToken();
        String kid;
        try {
            kid = JsonWebStructure.fromCompactSerialization(token).getKeyIdHeaderValue();
        } catch (JoseException e) {
            throw new AuthenticationFailedException("not a JWT", e);
        }
        Optional<RSAPublicKey> key = kid == null ? Optional.empty() : keys.verificationKey(kid);
        if (key.isEmpty()) {
            LOG.debugf("token kid %s is not one of the gateway's keys: left to smallrye-jwt's validator", kid);
            return null;
        }
        JsonWebToken jwt;
        try {
            JWTAuthContextInfo expected = new JWTAuthContextInfo(key.get(), config.issuer());
            // Expired means expired, as in every service (smallrye.jwt.expiration.grace is 0 there too).
            expected.setExpGracePeriodSecs(0);
            jwt = parser.parse(token, expected);
        } catch (ParseException e) {
            throw new AuthenticationFailedException(e);
        }
        // Checked here as well: a parse with a context built in code was seen to accept a token seconds past exp.
        if (jwt.getExpirationTime() <= Instant.now().getEpochSecond()) {
            throw new AuthenticationFailedException("token expired");
        }
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(jwt)
                .addCredential(request.getToken())
                .addRoles(jwt.getGroups())
                .addAttribute("quarkus.user.jwt", jwt)
                .build();
    }
}
