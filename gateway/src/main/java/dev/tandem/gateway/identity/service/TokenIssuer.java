package dev.tandem.gateway.identity.service;

import dev.tandem.gateway.identity.config.IdentityConfig;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.UUID;

/** Signs access tokens: RS256 with the active key, {@code kid} in the header, the claims every service reads. */
@ApplicationScoped
public class TokenIssuer {

    /** Who a token is for: {@code name}, {@code email} and {@code team} are left out when null. */
    public record Claims(String subject, String[] roles, String name, String email, String team) {
    }

    public record AccessToken(String token, long expiresIn, String kid) {
    }

    private final SigningKeys keys;
    private final IdentityConfig config;

    public TokenIssuer(SigningKeys keys, IdentityConfig config) {
        this.keys = keys;
        this.config = config;
    }

    public AccessToken issue(Claims claims) {
        return issue(claims, config.accessTokenLifetime());
    }

    public AccessToken issue(Claims claims, Duration lifetime) {
        Instant now = Instant.now();
        JwtClaimsBuilder builder = Jwt.issuer(config.issuer())
                .subject(claims.subject())
                .upn(claims.subject())
                .groups(new HashSet<>(Arrays.asList(claims.roles())))
                .issuedAt(now)
                .expiresAt(now.plus(lifetime))
                .claim("jti", UUID.randomUUID().toString());
        if (claims.name() != null) {
            builder.claim("name", claims.name());
        }
        if (claims.email() != null) {
            builder.claim("email", claims.email());
        }
        if (claims.team() != null) {
            builder.claim("team", claims.team());
        }
        SigningKeys.Loaded key = keys.active();
        String token = builder.jws().keyId(key.kid()).algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256)
                .sign(keys.privateKey(key));
        return new AccessToken(token, lifetime.toSeconds(), key.kid());
    }
}
