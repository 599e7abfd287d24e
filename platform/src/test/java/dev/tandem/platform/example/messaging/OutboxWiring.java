package dev.tandem.platform.example.messaging;

import dev.tandem.platform.outbox.sql.PlatformSchema;
import dev.tandem.platform.outbox.sql.ProcessedEvents;
import dev.tandem.platform.outbox.sql.SqlOutbox;
import dev.tandem.platform.outbox.sql.SqlOutboxRelay;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The whole wiring of platform's SQL outbox in a Quarkus service: platform's tables, one producer and one relay per
 * service instance, and the {@link SqlOutbox} and {@link ProcessedEvents} that service methods inject. A service
 * copies this class (its name and source changed); everything else lives in platform.
 */
@ApplicationScoped
public class OutboxWiring {

    /** The CloudEvents source of what this service publishes. */
    public static final String SOURCE = "example-service";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaProducer<String, byte[]> producer;
    private volatile SqlOutboxRelay relay;

    /** Early (before other start-up observers): nothing may add to the outbox before its table exists. */
    void start(@Observes @Priority(1) StartupEvent start) {
        PlatformSchema.migrate(dataSource);
        producer = new KafkaProducer<>(SqlOutboxRelay.producerConfig(bootstrapServers, SOURCE + "-outbox"),
                new StringSerializer(), new ByteArraySerializer());
        relay = new SqlOutboxRelay(dataSource, producer).start();
    }

    void stop(@Observes ShutdownEvent stop) {
        relay.close();
        producer.close();
    }

    /** Singleton, not application-scoped: platform's classes are final and need no client proxy. */
    @Produces
    @Singleton
    SqlOutbox outbox() {
        return new SqlOutbox(dataSource, transactions, SOURCE, this::wakeRelay);
    }

    @Produces
    @Singleton
    ProcessedEvents processedEvents() {
        return new ProcessedEvents(dataSource, transactions);
    }

    /** For tests that stop and restart publishing (a crash between commit and publish). */
    public SqlOutboxRelay relay() {
        return relay;
    }

    private void wakeRelay() {
        SqlOutboxRelay current = relay;
        if (current != null) {
            current.wake();
        }
    }
}
