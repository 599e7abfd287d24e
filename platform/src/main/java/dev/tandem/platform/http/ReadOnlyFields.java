package dev.tandem.platform.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the derived fields of a request body that clients may read but never write (a score, a stage history): a
 * body that sends one is refused with "is read-only" instead of "is not a known field".
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ReadOnlyFields {
    String[] value();
}
