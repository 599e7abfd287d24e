package dev.tandem.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** RSA key pairs in PEM files: the dev pair of {@code ./tandem up}, the test pair on the classpath. */
public final class JwtKeys {

    public static final String TEST_PRIVATE_KEY = "dev/tandem/testing/test-jwt-private.pem";
    public static final String TEST_PUBLIC_KEY = "dev/tandem/testing/test-jwt-public.pem";

    private JwtKeys() {
    }

    /** Writes a new 2048-bit pair as {@code private.pem} and {@code public.pem} unless both exist already. */
    public static void ensurePair(Path folder) {
        Path privatePem = folder.resolve("private.pem");
        Path publicPem = folder.resolve("public.pem");
        if (Files.exists(privatePem) && Files.exists(publicPem)) {
            return;
        }
        KeyPair pair = generate();
        try {
            Files.createDirectories(folder);
            Files.writeString(privatePem, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(publicPem, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            privatePem.toFile().setReadable(false, false);
            privatePem.toFile().setReadable(true, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write keys to " + folder, e);
        }
    }

    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }

    public static PrivateKey readPrivate(Path pemFile) {
        try {
            return parsePrivate(Files.readString(pemFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read private key " + pemFile, e);
        }
    }

    public static PrivateKey testPrivateKey() {
        try (InputStream in = JwtKeys.class.getClassLoader().getResourceAsStream(TEST_PRIVATE_KEY)) {
            if (in == null) {
                throw new IllegalStateException(TEST_PRIVATE_KEY + " is not on the classpath");
            }
            return parsePrivate(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PrivateKey parsePrivate(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("not a PKCS#8 RSA private key", e);
        }
    }

    private static String pem(String kind, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + kind + "-----\n" + body + "\n-----END " + kind + "-----\n";
    }
}
