package dev.tandem.testing;

import dev.tandem.events.CloudEvents;
import dev.tandem.events.TandemEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads a topic with a plain Kafka consumer, as an outside client would, and waits for records to arrive.
 * It reads every partition from the position chosen at creation, without a consumer group.
 */
public final class TopicProbe implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    private TopicProbe(String bootstrapServers, String topic, boolean fromBeginning) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        // Resolve the positions now, so "from now" means before whatever the test does next.
        partitions.forEach(consumer::position);
    }

    /** Records published after this call, on the broker the Quarkus test app uses. */
    public static TopicProbe fromNow(String topic) {
        return new TopicProbe(configuredBootstrap(), topic, false);
    }

    public static TopicProbe fromNow(String bootstrapServers, String topic) {
        return new TopicProbe(bootstrapServers, topic, false);
    }

    public static TopicProbe fromBeginning(String bootstrapServers, String topic) {
        return new TopicProbe(bootstrapServers, topic, true);
    }

    private static String configuredBootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** Waits until {@code count} records match, and returns the matching ones seen so far. */
    public List<ConsumerRecord<String, byte[]>> awaitRecords(Predicate<ConsumerRecord<String, byte[]>> match,
                                                             int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<ConsumerRecord<String, byte[]>> matching = seen.stream().filter(match).toList();
            if (matching.size() >= count) {
                return matching;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("expected " + count + " matching records within " + timeout
                        + " but saw " + matching.size() + " (of " + seen.size() + " read)");
            }
            poll(Duration.ofMillis(100));
        }
    }

    /** Waits for the first event of {@code type} that matches, read as its topic's contract. */
    public <T extends TandemEvent> T awaitEvent(Class<T> type, Predicate<T> match, Duration timeout) {
        return awaitEvents(type, match, 1, timeout).get(0);
    }

    public <T extends TandemEvent> List<T> awaitEvents(Class<T> type, Predicate<T> match, int count, Duration timeout) {
        Predicate<ConsumerRecord<String, byte[]>> recordMatch = record -> {
            TandemEvent event = CloudEvents.fromRecord(record);
            return type.isInstance(event) && match.test(type.cast(event));
        };
        return awaitRecords(recordMatch, count, timeout).stream()
                .map(record -> type.cast(CloudEvents.fromRecord(record)))
                .toList();
    }

    /** Keeps reading for {@code period} and returns the events of {@code type} that match among all read. */
    public <T extends TandemEvent> List<T> eventsAfter(Duration period, Class<T> type, Predicate<T> match) {
        Instant until = Instant.now().plus(period);
        while (Instant.now().isBefore(until)) {
            poll(Duration.ofMillis(100));
        }
        return seen.stream()
                .map(CloudEvents::fromRecord)
                .filter(type::isInstance)
                .map(type::cast)
                .filter(match)
                .toList();
    }

    /** Every record read so far. */
    public List<ConsumerRecord<String, byte[]>> records() {
        return List.copyOf(seen);
    }

    private void poll(Duration timeout) {
        consumer.poll(timeout).forEach(seen::add);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
