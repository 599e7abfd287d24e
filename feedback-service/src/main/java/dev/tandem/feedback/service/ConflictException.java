package dev.tandem.feedback.service;

/** The request does not fit the current state (a lead already claimed, an id taken): 409. */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
