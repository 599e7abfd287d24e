package dev.tandem.platform.outbox;

/** Kafka did not take the events; they stay pending in their documents and are published on a later pass. */
public class OutboxPublishException extends RuntimeException {

    public OutboxPublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
