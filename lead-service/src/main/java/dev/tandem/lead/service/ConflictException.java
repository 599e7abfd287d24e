package dev.tandem.lead.service;

/** The request is valid but the lead's current state does not allow it (e.g. moving to the stage it is in). */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
