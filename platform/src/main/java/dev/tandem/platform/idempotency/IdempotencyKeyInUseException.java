package dev.tandem.platform.idempotency;

import dev.tandem.platform.http.Problem;
import dev.tandem.platform.http.ProblemException;

/** 409: another attempt with this key is still running; the client retries after {@link #retryAfterSeconds}. */
public class IdempotencyKeyInUseException extends ProblemException {

    private final long retryAfterSeconds;

    public IdempotencyKeyInUseException(long retryAfterSeconds) {
        super(Problem.of(409, "idempotency-key-in-use", "Idempotency-Key in use",
                "a request with this Idempotency-Key is still being processed; retry after it finished"));
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
