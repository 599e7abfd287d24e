package dev.tandem.platform.idempotency;

import jakarta.inject.Inject;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fingerprints the body of an {@link Idempotent} request that carries an {@code Idempotency-Key}: it reads the
 * bytes once, hashes them (SHA-256) and hands the same bytes on to the body reader. A reader interceptor sees the
 * bytes exactly as sent, whichever type the resource reads them into; requests without the header are untouched.
 * The body is already capped (1 MiB JSON) before it gets here.
 */
@Provider
@Idempotent
public class RequestFingerprint implements ReaderInterceptor {

    @Inject
    RequestDigest digest;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        boolean keyed = context.getHeaders().keySet().stream().anyMatch(Idempotency.HEADER::equalsIgnoreCase);
        if (keyed) {
            byte[] body = context.getInputStream().readAllBytes();
            digest.set(RequestDigest.sha256(body));
            context.setInputStream(new ByteArrayInputStream(body));
        }
        return context.proceed();
    }
}
