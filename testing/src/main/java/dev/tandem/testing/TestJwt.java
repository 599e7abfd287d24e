package dev.tandem.testing;

import java.time.Duration;
import java.util.Set;

/**
 * Tokens for tests, signed with the test key that services trust under the {@code %test} profile
 * ({@code mp.jwt.verify.publickey.location=}{@value JwtKeys#TEST_PUBLIC_KEY}).
 */
public final class TestJwt {

    public static final String ADMIN = "admin";
    public static final String MARKETING = "marketing";
    public static final String SALES = "sales";
    public static final String TRACKER = "tracker";

    private static final Tokens TEST_TOKENS = new Tokens(JwtKeys.testPrivateKey());

    private TestJwt() {
    }

    /** A valid token for {@code subject} holding one role. */
    public static String token(String role, String subject) {
        return TEST_TOKENS.mint(subject, Set.of(role), Duration.ofMinutes(15));
    }

    /** A valid token whose subject is {@code <role>-1}. */
    public static String token(String role) {
        return token(role, role + "-1");
    }

    public static String expired(String role) {
        return TEST_TOKENS.expired(role + "-1", Set.of(role));
    }

    /** Well-formed and unexpired, but signed by a key no service trusts. */
    public static String forged(String role) {
        return new Tokens(JwtKeys.generate().getPrivate()).mint(role + "-1", Set.of(role), Duration.ofMinutes(15));
    }
}
