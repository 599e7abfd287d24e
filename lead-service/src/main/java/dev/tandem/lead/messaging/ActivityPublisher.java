package dev.tandem.lead.messaging;

import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.CloudEvents;
import dev.tandem.platform.http.RequestId;
import dev.tandem.platform.outbox.EventProducers;
import dev.tandem.lead.service.EventsUnavailableException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends ActivityRecorded events to {@code activity.events} and returns only once Kafka acknowledged every one
 * (acks=all): the answer of {@code POST /activities} promises that.
 */
@ApplicationScoped
public class ActivityPublisher {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaProducer<String, byte[]> producer;

    void start(@Observes StartupEvent start) {
        producer = EventProducers.create(bootstrapServers, "lead-service-activities", Duration.ofSeconds(10));
    }

    void stop(@Observes ShutdownEvent stop) {
        producer.close(Duration.ofSeconds(5));
    }

    /** Publishes all events, in order per lead, and waits for Kafka's acknowledgement of each. */
    public void publishAll(List<ActivityRecorded> events) {
        if (events.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
        try {
            for (ActivityRecorded event : events) {
                acks.add(producer.send(CloudEvents.toRecord(event, LeadEventRelay.SOURCE, RequestId.current())));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventsUnavailableException("interrupted while waiting for Kafka", e);
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            throw new EventsUnavailableException("Kafka did not acknowledge the activities: " + e.getMessage(), e);
        }
    }
}
