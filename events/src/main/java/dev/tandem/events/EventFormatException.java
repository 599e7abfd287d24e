package dev.tandem.events;

/** A record body or header set that is not a valid Tandem event; the message says what is wrong. */
public class EventFormatException extends RuntimeException {

    public EventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
