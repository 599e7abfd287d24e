package dev.tandem.platform.outbox;

import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Kafka did not take the events; they stay pending in their outbox and are published on a later pass. */
public class OutboxPublishException extends RuntimeException {

    /** How long a relay waits for one acknowledgement before it gives the pass up. */
    public static final long ACK_TIMEOUT_SECONDS = 30;

    public OutboxPublishException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Waits for every acknowledgement of a pass; any missing one fails the whole pass (nothing is removed). */
    public static void awaitAll(List<Future<RecordMetadata>> acks) {
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutboxPublishException("interrupted while waiting for Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new OutboxPublishException("Kafka did not acknowledge the events: " + e.getMessage(), e);
        }
    }
}
