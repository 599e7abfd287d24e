package dev.tandem.platform.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;

/**
 * A JSON body refused for its text before Jackson read it: bytes that are not UTF-8, an escaped NUL or lone surrogate
 * in a string, a number no double can hold. Thrown from the body's stream while Jackson reads it, so it is an
 * {@link java.io.IOException} (a {@link JsonParseException}, mapped like any malformed JSON) that names the field.
 */
public class InvalidBodyText extends JsonParseException {

    private final String field;
    private final String reason;

    public InvalidBodyText(String field, String reason) {
        super((com.fasterxml.jackson.core.JsonParser) null, (field.isEmpty() ? "body" : field) + " " + reason,
                (JsonLocation) null);
        this.field = field.isEmpty() ? "body" : field;
        this.reason = reason;
    }

    /** The JSON path of the offending value ({@code consent.source}, {@code [2].type}), or {@code body}. */
    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
