package dev.tandem.nurture.service;

import dev.tandem.platform.http.FieldError;

import java.util.List;

/** Bad input found by a domain check; answered 400 naming every field. */
public class InvalidInputException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidInputException(List<FieldError> errors) {
        super(errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).message()
                : errors.size() + " problems: " + String.join("; ", errors.stream().map(e -> e.field() + " " + e.message()).toList()));
        this.errors = List.copyOf(errors);
    }

    public static InvalidInputException of(String field, String message) {
        return new InvalidInputException(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
