package dev.tandem.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Mints RS256 JWTs the way the gateway does: {@code sub}, {@code upn}, {@code groups} = roles, {@code iat},
 * {@code exp}, issuer {@value ISSUER}. Plain JDK signing, so it works outside a Quarkus app (devstack's
 * {@code token} command) without dragging configuration frameworks along.
 */
public final class Tokens {

    public static final String ISSUER = "https://tandem.dev";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final PrivateKey signingKey;

    public Tokens(PrivateKey signingKey) {
        this.signingKey = signingKey;
    }

    public String mint(String subject, Set<String> roles, Duration validFor) {
        Instant now = Instant.now();
        return sign(subject, roles, now, now.plus(validFor));
    }

    /** A token that expired a minute ago (and was issued an hour before that). */
    public String expired(String subject, Set<String> roles) {
        Instant now = Instant.now();
        return sign(subject, roles, now.minus(Duration.ofHours(1)), now.minus(Duration.ofMinutes(1)));
    }

    private String sign(String subject, Set<String> roles, Instant issuedAt, Instant expiresAt) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", subject);
        claims.put("upn", subject);
        claims.put("groups", roles.stream().sorted().toList());
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("exp", expiresAt.getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        String signingInput = encode(Map.of("alg", "RS256", "typ", "JWT")) + "." + encode(claims);
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(signingKey);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a JWT with this key", e);
        }
    }

    private static String encode(Map<String, Object> json) {
        try {
            return BASE64URL.encodeToString(JSON.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
