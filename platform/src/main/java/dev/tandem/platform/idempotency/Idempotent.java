package dev.tandem.platform.idempotency;

import jakarta.ws.rs.NameBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method that honours {@code Idempotency-Key} (it calls {@link Idempotency#execute}): only its body
 * is read through {@link RequestFingerprint}, so no other endpoint (a streamed CSV import) is ever buffered for it.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Idempotent {
}
