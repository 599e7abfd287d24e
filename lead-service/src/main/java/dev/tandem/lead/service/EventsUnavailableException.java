package dev.tandem.lead.service;

/** Kafka did not acknowledge events the caller waits for; nothing was accepted and the caller may retry. */
public class EventsUnavailableException extends RuntimeException {

    public EventsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
