package dev.tandem.gateway.identity.service;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import dev.tandem.gateway.identity.config.IdentityConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Argon2id through password4j at OWASP's parameters (19 MiB, 2 iterations, parallelism 1 by default). The parameters
 * are in each encoded hash, so a hash made with older settings still verifies after they change. At most
 * {@code passwords.concurrency} hashes run at once (each holds its memory on the heap); the others wait their turn.
 */
@ApplicationScoped
public class PasswordHasher {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final Argon2Function argon2;
    /** Verified against when no account matches, so an unknown email costs as long as a wrong password. */
    private final String decoyHash;
    private final Semaphore running;

    public PasswordHasher(IdentityConfig config) {
        IdentityConfig.Passwords p = config.passwords();
        this.running = new Semaphore(p.concurrency(), true);
        this.argon2 = Argon2Function.getInstance(p.memoryKib(), p.iterations(), p.parallelism(), HASH_BYTES, Argon2.ID,
                Argon2Function.ARGON2_VERSION_13);
        this.decoyHash = hash("decoy password that no account has");
    }

    public String hash(String password) {
        return bounded(() -> Password.hash(password).addRandomSalt(SALT_BYTES).with(argon2).getResult());
    }

    public boolean verify(String password, String encodedHash) {
        return bounded(() -> Password.check(password, encodedHash)
                .with(Argon2Function.getInstanceFromHash(encodedHash)));
    }

    private <T> T bounded(Supplier<T> hashing) {
        running.acquireUninterruptibly();
        try {
            return hashing.get();
        } finally {
            running.release();
        }
    }

    public void verifyDecoy(String password) {
        verify(password, decoyHash);
    }
}
