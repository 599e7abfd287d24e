package dev.tandem.scoring.service;

/** The request is valid but the resource is not in a state that allows it (e.g. editing a published version). */
public class StateConflictException extends RuntimeException {

    public StateConflictException(String message) {
        super(message);
    }
}
