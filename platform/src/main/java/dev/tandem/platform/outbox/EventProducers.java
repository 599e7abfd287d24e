package dev.tandem.platform.outbox;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The one way a service makes the Kafka producer that publishes its events (outbox relays, a publisher that answers
 * only after Kafka acknowledged): acks from every in-sync replica, idempotent (a retried send is written once, and one
 * key's records stay in order), and quick to give up while Kafka is away, so that a pass fails and leaves its events
 * pending (or a request answers 503) instead of hanging.
 */
public final class EventProducers {

    private EventProducers() {
    }

    /** A producer whose sends fail after {@code deliveryTimeout} (at least 5 s) when Kafka does not acknowledge. */
    public static KafkaProducer<String, byte[]> create(String bootstrapServers, String clientId, Duration deliveryTimeout) {
        return create(config(bootstrapServers, clientId, deliveryTimeout));
    }

    public static KafkaProducer<String, byte[]> create(Map<String, Object> config) {
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** The settings of {@link #create(String, String, Duration)}, for a relay that adds to them. */
    public static Map<String, Object> config(String bootstrapServers, String clientId, Duration deliveryTimeout) {
        if (deliveryTimeout.toMillis() < 5000) {
            throw new IllegalArgumentException("deliveryTimeout must be at least 5 s (linger + request timeout)");
        }
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.BATCH_SIZE_CONFIG, 65536,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis()));
        // The same credentials and trust as the service's consumers (SASL over TLS in Kubernetes).
        config.putAll(KafkaClientSecurity.settings());
        return Map.copyOf(config);
    }
}
