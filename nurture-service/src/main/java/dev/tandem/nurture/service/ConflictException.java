package dev.tandem.nurture.service;

/** A request that does not fit the current state (a state change not allowed, a second open enrolment): 409. */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
