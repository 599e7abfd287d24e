package dev.tandem.feedback.service;

/** A domain check on input failed (unknown reason code, an amount with too many decimals): 400 naming the field. */
public class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
