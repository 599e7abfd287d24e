package dev.tandem.gateway.identity.service;

import dev.tandem.gateway.identity.config.IdentityConfig;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Encrypts signing keys' private parts for the database with AES-256-GCM under the key-encryption key from config
 * (a Kubernetes Secret in production), the kid as associated data: a database dump alone cannot sign tokens, and a
 * row's ciphertext cannot be moved to another kid.
 */
@ApplicationScoped
public class KeyEncryption {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public KeyEncryption(IdentityConfig config) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(config.keyEncryptionKey().trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("tandem.identity.key-encryption-key is not base64", e);
        }
        if (raw.length != 32) {
            throw new IllegalStateException("tandem.identity.key-encryption-key must be 32 bytes (base64), not "
                    + raw.length);
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    public byte[] encrypt(byte[] plain, String kid) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt signing key " + kid, e);
        }
    }

    public byte[] decrypt(byte[] stored, String kid) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt signing key " + kid
                    + " (is tandem.identity.key-encryption-key the one it was stored with?)", e);
        }
    }
}
