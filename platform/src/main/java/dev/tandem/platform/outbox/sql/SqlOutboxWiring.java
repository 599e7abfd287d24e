package dev.tandem.platform.outbox.sql;

import dev.tandem.platform.outbox.EventProducers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.properties.IfBuildProperty;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * The SQL outbox in a Quarkus service, switched on by {@code tandem.sql-outbox.enabled=true} (a build-time property,
 * so MongoDB services never get this bean) with {@code tandem.sql-outbox.source=<service name>}: platform's tables are migrated before any other start-up
 * observer runs, one producer and one relay run per service instance, and service methods inject {@link SqlOutbox}
 * and {@link ProcessedEvents}.
 */
@ApplicationScoped
@IfBuildProperty(name = "tandem.sql-outbox.enabled", stringValue = "true")
public class SqlOutboxWiring {

    public static final String SOURCE_PROPERTY = "tandem.sql-outbox.source";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** The CloudEvents source of what this service publishes. */
    @ConfigProperty(name = SOURCE_PROPERTY)
    String source;

    private KafkaProducer<String, byte[]> producer;
    private volatile SqlOutboxRelay relay;

    /** Early (before other start-up observers): nothing may add to the outbox before its table exists. */
    void start(@Observes @Priority(1) StartupEvent start) {
        PlatformSchema.migrate(dataSource);
        producer = EventProducers.create(SqlOutboxRelay.producerConfig(bootstrapServers, source + "-outbox"));
        relay = new SqlOutboxRelay(dataSource, producer).start();
    }

    void stop(@Observes ShutdownEvent stop) {
        relay.close();
        producer.close(Duration.ofSeconds(5));
    }

    /** Singleton, not application-scoped: platform's classes are final and need no client proxy. */
    @Produces
    @Singleton
    SqlOutbox outbox() {
        return new SqlOutbox(dataSource, transactions, source, this::wakeRelay);
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

    public String source() {
        return source;
    }

    private void wakeRelay() {
        SqlOutboxRelay current = relay;
        if (current != null) {
            current.wake();
        }
    }
}
