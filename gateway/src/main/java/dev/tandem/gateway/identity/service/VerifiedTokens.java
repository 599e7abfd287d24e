package dev.tandem.gateway.identity.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.tandem.gateway.identity.config.IdentityConfig;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Bearer tokens verified once and remembered until their {@code exp} (Caffeine, bounded): verifying an RS256
 * signature and parsing the claims on every proxied request costs more CPU than the rest of the admission step.
 * The gateway's own tokens (a {@code kid} in {@code signing_keys}) are verified in-process against that key, so no
 * replica fetches its own JWKS over HTTP; any other token goes to quarkus-smallrye-jwt's {@link JWTParser} with
 * platform's {@code mp.jwt.verify.*} (in {@code %test}: testing's TestJwt key).
 *
 * <p>Clock skew: none on {@code exp} (an expired token is refused here, cached or not, whatever the parser allows);
 * smallrye-jwt's default 60 s applies to {@code iat}, so a replica whose clock is a little ahead can issue tokens.
 */
@ApplicationScoped
public class VerifiedTokens {

    private record Verified(JsonWebToken jwt, boolean own) {
    }

    private final SigningKeys keys;
    private final JWTParser parser;
    private final IdentityConfig config;
    private final Cache<String, Verified> verified;

    public VerifiedTokens(SigningKeys keys, JWTParser parser, IdentityConfig config) {
        this.keys = keys;
        this.parser = parser;
        this.config = config;
        this.verified = Caffeine.newBuilder()
                .maximumSize(config.verifiedTokenCacheSize())
                // Gone at exp at the latest: Caffeine never returns an entry past its expiry.
                .expireAfter(Expiry.creating((String token, Verified v) -> untilExpiry(v.jwt())))
                .recordStats()
                .build();
    }

    /** The caller of {@code token}, any issuer key the gateway trusts; blocking on a miss (key table, JWKS). */
    public JsonWebToken verify(String token) throws ParseException {
        Verified hit = fresh(token);
        if (hit != null) {
            return hit.jwt();
        }
        Optional<JsonWebToken> own = parseOwn(token);
        JsonWebToken jwt = own.isPresent() ? own.get() : parser.parse(token);
        return remember(token, new Verified(jwt, own.isPresent()));
    }

    /**
     * The caller of {@code token} if a gateway key signed it; empty if it names no gateway key (left to another
     * validator); {@link ParseException} if it names one and fails.
     */
    public Optional<JsonWebToken> verifyOwn(String token) throws ParseException {
        Verified hit = fresh(token);
        if (hit != null && hit.own()) {
            return Optional.of(hit.jwt());
        }
        Optional<JsonWebToken> own = parseOwn(token);
        if (own.isPresent()) {
            remember(token, new Verified(own.get(), true));
        }
        return own;
    }

    public CacheStats stats() {
        return verified.stats();
    }

    private Verified fresh(String token) {
        Verified hit = verified.getIfPresent(token);
        // Caffeine's expiry already drops it at exp; checked again so no clock rounding ever serves one late.
        return hit != null && !expired(hit.jwt()) ? hit : null;
    }

    private JsonWebToken remember(String token, Verified result) throws ParseException {
        if (expired(result.jwt())) {
            throw new ParseException("the token has expired");
        }
        verified.put(token, result);
        return result.jwt();
    }

    private Optional<JsonWebToken> parseOwn(String token) throws ParseException {
        String kid;
        try {
            kid = JsonWebStructure.fromCompactSerialization(token).getKeyIdHeaderValue();
        } catch (JoseException e) {
            throw new ParseException("not a JWT", e);
        }
        Optional<RSAPublicKey> key = kid == null ? Optional.empty() : keys.verificationKey(kid);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        JWTAuthContextInfo expected = new JWTAuthContextInfo(key.get(), config.issuer());
        expected.setExpGracePeriodSecs(0);
        return Optional.of(parser.parse(token, expected));
    }

    private static boolean expired(JsonWebToken jwt) {
        return jwt.getExpirationTime() <= Instant.now().getEpochSecond();
    }

    private static Duration untilExpiry(JsonWebToken jwt) {
        return Duration.ofMillis(Math.max(0, jwt.getExpirationTime() * 1000 - System.currentTimeMillis()));
    }
}
