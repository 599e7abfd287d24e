package dev.tandem.scoring.service;

/** The thing asked for does not exist, or the caller may not know it does. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
