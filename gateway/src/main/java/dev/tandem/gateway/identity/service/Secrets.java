package dev.tandem.gateway.identity.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random secrets and their digests (refresh tokens, API key secrets: 256 random bits, so SHA-256 is enough). */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] LOWER_ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private Secrets() {
    }

    /** 32 random bytes, base64url without padding (43 characters). */
    public static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String alphanumeric(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(LOWER_ALPHANUMERIC[RANDOM.nextInt(LOWER_ALPHANUMERIC.length)]);
        }
        return out.toString();
    }

    public static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares two digests in time independent of where they differ. */
    public static boolean sameDigest(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
