package dev.tandem.testing;

import io.smallrye.jwt.build.Jwt;

import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** Mints RS256 JWTs the way the gateway does: {@code sub}, {@code groups} = roles, {@code exp}, issuer {@value ISSUER}. */
public final class Tokens {

    public static final String ISSUER = "https://tandem.dev";

    private final PrivateKey signingKey;

    public Tokens(PrivateKey signingKey) {
        this.signingKey = signingKey;
    }

    public String mint(String subject, Set<String> roles, Duration validFor) {
        Instant now = Instant.now();
        return Jwt.issuer(ISSUER)
                .subject(subject)
                .upn(subject)
                .groups(roles)
                .issuedAt(now)
                .expiresAt(now.plus(validFor))
                .jws().algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256)
                .sign(signingKey);
    }

    /** A token that expired a minute ago (and was issued an hour before that). */
    public String expired(String subject, Set<String> roles) {
        Instant issued = Instant.now().minus(Duration.ofHours(1));
        return Jwt.issuer(ISSUER)
                .subject(subject)
                .upn(subject)
                .groups(roles)
                .issuedAt(issued)
                .expiresAt(Instant.now().minus(Duration.ofMinutes(1)))
                .sign(signingKey);
    }
}
