package dev.tandem.platform.idempotency;

import jakarta.enterprise.context.RequestScoped;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 of the current request's body bytes, as {@link RequestFingerprint} read them. */
@RequestScoped
public class RequestDigest {

    /** The fingerprint of an empty body: a request whose body no reader was asked to read. */
    static final String EMPTY = sha256(new byte[0]);

    private String fingerprint;

    public String fingerprint() {
        return fingerprint == null ? EMPTY : fingerprint;
    }

    void set(String fingerprint) {
        this.fingerprint = fingerprint;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
