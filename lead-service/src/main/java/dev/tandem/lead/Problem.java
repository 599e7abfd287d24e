package dev.tandem.lead;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** An RFC 9457 problem detail: what every error answer of lead-service carries. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
                      List<FieldError> errors, String existingId) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://tandem.dev/problems/";

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, null, null, null);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, fieldErrors, existingId);
    }

    public Problem withExistingId(String id) {
        return new Problem(type, title, status, detail, instance, errors, id);
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, errors, existingId);
    }
}
