package dev.tandem.feedback.service;

/** The thing named does not exist, or the caller may not know it exists (another rep's lead): 404. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
