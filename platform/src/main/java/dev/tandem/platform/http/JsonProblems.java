package dev.tandem.platform.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import java.util.Arrays;
import java.util.List;

/** The problem for a body Jackson could not read, naming the field when there is one. */
public final class JsonProblems {

    private JsonProblems() {
    }

    public static Problem of(JsonProcessingException e) {
        if (e instanceof JsonParseException) {
            return Problem.of(400, "malformed-json", "Malformed JSON", firstLine(e.getOriginalMessage()));
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            String field = FieldError.pathOf(unknown);
            String message = readOnly(unknown) ? "is read-only" : "is not a known field";
            return Problem.invalid(field, message);
        }
        if (e instanceof JsonMappingException mapping) {
            String field = FieldError.pathOf(mapping);
            String message;
            if (e instanceof ValueInstantiationException && e.getCause() != null) {
                message = e.getCause().getMessage();
            } else if (e instanceof InvalidFormatException format) {
                message = "cannot take the value " + format.getValue()
                        + (format.getTargetType() != null && format.getTargetType().isEnum()
                        ? "" : " as " + simpleType(format.getTargetType()));
            } else {
                message = firstLine(e.getOriginalMessage());
            }
            if (field.isEmpty()) {
                return Problem.of(400, "invalid-request", "Invalid request", message);
            }
            return Problem.invalid(field + ": " + message, List.of(new FieldError(field, message)));
        }
        return Problem.of(400, "malformed-json", "Malformed JSON", firstLine(e.getOriginalMessage()));
    }

    private static boolean readOnly(UnrecognizedPropertyException e) {
        Class<?> type = e.getReferringClass();
        ReadOnlyFields fields = type == null ? null : type.getAnnotation(ReadOnlyFields.class);
        return fields != null && Arrays.asList(fields.value()).contains(e.getPropertyName());
    }

    private static String simpleType(Class<?> type) {
        return type == null ? "this type" : type.getSimpleName();
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable body";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
