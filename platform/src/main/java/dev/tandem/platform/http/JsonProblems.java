package dev.tandem.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The problem for a body Jackson could not read, naming the field when there is one. */
public final class JsonProblems {

    private JsonProblems() {
    }

    public static Problem of(JsonProcessingException e) {
        if (e instanceof InvalidBodyText text) {
            return Problem.invalid(text.field(), text.reason());
        }
        if (e instanceof StreamReadException read) {
            // Malformed JSON, a duplicate key, a number out of range, nesting too deep: name where the parser stood.
            String detail = firstLine(e.getOriginalMessage());
            Problem problem = Problem.of(400, "malformed-json", "Malformed JSON", detail);
            String field = read.getProcessor() == null ? "" : pathOf(read.getProcessor().getParsingContext());
            return field.isEmpty() ? problem : problem.withErrors(List.of(new FieldError(field, detail)));
        }
        if (e instanceof MismatchedInputException && e.getOriginalMessage() != null
                && e.getOriginalMessage().startsWith("Trailing token")) {
            return Problem.of(400, "malformed-json", "Malformed JSON",
                    "the body holds more than one JSON value: nothing may follow the first document");
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            String field = FieldError.pathOf(unknown);
            String message = readOnly(unknown) ? "is read-only" : "is not a known field";
            return Problem.invalid(field, message);
        }
        if (e instanceof JsonMappingException mapping) {
            String field = FieldError.pathOf(mapping);
            String message;
            if (e instanceof StrictJson.RefusedValue) {
                message = e.getOriginalMessage();
            } else if (e instanceof ValueInstantiationException && e.getCause() != null) {
                message = e.getCause().getMessage();
            } else if (e instanceof InvalidFormatException format) {
                message = "cannot take the value " + format.getValue()
                        + (format.getTargetType() != null && format.getTargetType().isEnum()
                        ? "" : " as " + simpleType(format.getTargetType()));
            } else if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null
                    && String.valueOf(e.getOriginalMessage()).startsWith("Cannot coerce")) {
                // StrictJson's coercion rules: say what the field takes, not how Jackson could be configured.
                message = "must be " + kind(mismatched.getTargetType()) + ", not " + shapeOf(e.getOriginalMessage());
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

    /** "consent.at" for the parser standing in {"consent": {"at": ...}}, "[2].type" in an array. */
    static String pathOf(JsonStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            if (at.inObject() && at.getCurrentName() != null) {
                parts.add(0, at.getCurrentName());
            } else if (at.inArray()) {
                parts.add(0, "[" + Math.max(at.getCurrentIndex(), 0) + "]");
            }
        }
        return String.join(".", parts).replace(".[", "[");
    }

    private static String kind(Class<?> type) {
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == int.class || type == long.class || type == short.class || type == byte.class
                || type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
                || type == java.math.BigInteger.class) {
            return "a whole number";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        return "a " + type.getSimpleName();
    }

    /** "Cannot coerce Integer value (123) to ..." gives "a number (123)". */
    private static String shapeOf(String message) {
        String rest = message.substring("Cannot coerce ".length());
        int to = rest.indexOf(" to ");
        String what = to < 0 ? rest : rest.substring(0, to);
        return what.replaceFirst("^(Integer|Floating-point) value", "a number")
                .replaceFirst("^Boolean value", "a boolean")
                .replaceFirst("^String value", "a string")
                .replaceFirst("^empty String \\(\\\"\\\"\\)", "an empty string");
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
