package dev.tandem.platform.idempotency;

import dev.tandem.platform.http.Problem;
import dev.tandem.platform.http.ProblemException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * An {@code Idempotency-Key} as one caller sent it. Keys are the caller's own: two callers may use the same value
 * without meeting. {@link #derive} turns it into ids that a retry of the same request computes again, so the
 * effects of a retried request (event ids, a new lead's id) are the effects of the first attempt.
 */
public record IdempotencyKey(String caller, String value) {

    public static final int MAX_LENGTH = 255;

    /** The namespace of every id derived from a key (UUID version 5, RFC 9562). */
    static final UUID NAMESPACE = UUID.fromString("3f1c2a8e-6d0b-5b3e-9a57-1d2f0c7e4b61");

    /**
     * Reads the header's values: one value, either an RFC 8941 sf-string ({@code "abc"}, what the draft specifies)
     * or the bare characters (what most clients send); 1 to {@value #MAX_LENGTH} printable ASCII characters.
     *
     * @throws ProblemException 400 for anything else
     */
    public static IdempotencyKey parse(String caller, List<String> headerValues) {
        if (headerValues.size() != 1) {
            throw malformed("send exactly one " + Idempotency.HEADER + " header");
        }
        String raw = headerValues.get(0).strip();
        String value = raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"") ? unquote(raw) : raw;
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw malformed("must have 1 to " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw malformed("must be printable ASCII characters only");
            }
        }
        return new IdempotencyKey(caller, value);
    }

    /** An sf-string's content: {@code \"} and {@code \\} are the only escapes. */
    private static String unquote(String quoted) {
        StringBuilder value = new StringBuilder(quoted.length());
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c == '\\') {
                if (i + 1 >= quoted.length() - 1 || (quoted.charAt(i + 1) != '"' && quoted.charAt(i + 1) != '\\')) {
                    throw malformed("has a bad escape in its quoted string");
                }
                c = quoted.charAt(++i);
            } else if (c == '"') {
                throw malformed("has an unescaped quote in its quoted string");
            }
            value.append(c);
        }
        return value.toString();
    }

    private static ProblemException malformed(String message) {
        return new ProblemException(Problem.of(400, "invalid-idempotency-key", "Invalid Idempotency-Key",
                Idempotency.HEADER + " " + message).withErrors(List.of(
                new dev.tandem.platform.http.FieldError(Idempotency.HEADER, message))));
    }

    /**
     * A name-based UUID (version 5) of this caller, this key and {@code parts}: the same request retried derives the
     * same ids, another caller or key never does. E.g. {@code derive("activity", "3")} for the fourth activity of a
     * batch, {@code derive("lead")} for the lead a create makes.
     */
    public UUID derive(String... parts) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
        sha1.update(ByteBuffer.allocate(16).putLong(NAMESPACE.getMostSignificantBits())
                .putLong(NAMESPACE.getLeastSignificantBits()).array());
        // Length-prefixed, so no two different (caller, key, parts) spell the same name.
        update(sha1, caller);
        update(sha1, value);
        for (String part : parts) {
            update(sha1, part);
        }
        byte[] hash = sha1.digest();
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bits.getLong(), bits.getLong());
    }

    private static void update(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }

    /** The store's id of this key: fixed length whatever the caller and key are. */
    public String storeId() {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        update(sha256, caller);
        update(sha256, value);
        return HexFormat.of().formatHex(sha256.digest());
    }
}
