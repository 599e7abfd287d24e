package dev.tandem.bench.platform;

import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.CloudEvents;
import dev.tandem.events.Topics;
import dev.tandem.platform.outbox.sql.PlatformSchema;
import dev.tandem.platform.outbox.sql.SqlOutbox;
import dev.tandem.platform.outbox.sql.SqlOutboxRelay;
import dev.tandem.testing.FreePort;
import dev.tandem.testing.KafkaBroker;
import dev.tandem.testing.PostgresServer;
import dev.tandem.testing.TempFolders;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * platform's SQL outbox relay on a real PostgreSQL 17 and an in-process Kafka broker, all on this host:
 * <ol>
 *   <li>throughput: {@code EVENTS} events (default 50,000, over 5,000 leads) committed with no relay running, then
 *   one relay drains the table; baseline: the same records sent straight with the same producer settings;</li>
 *   <li>latency: {@code SAMPLES} (default 1,000) single-event transactions, one at a time; from the commit's return
 *   to the record read by a consumer, the relay woken right after the commit as SqlOutbox's afterCommit does.</li>
 * </ol>
 * Usage: {@code ./bench/run platform.SqlOutboxBench [EVENTS] [SAMPLES]}
 */
public final class SqlOutboxBench {

    private SqlOutboxBench() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        Path folder = Files.createTempDirectory("tandem-sql-outbox-bench-");
        try (PostgresServer postgres = PostgresServer.start(folder.resolve("postgres"), FreePort.find(), false,
                folder.resolve("postgres.log"));
             KafkaBroker kafka = KafkaBroker.start(folder.resolve("kafka"), FreePort.find(), FreePort.find())) {
            kafka.createTandemTopics();
            postgres.ensureDatabase("bench", "bench", "bench");
            try (AgroalDataSource pool = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                    .connectionPoolConfiguration(connections -> connections.maxSize(8)
                            .connectionFactoryConfiguration(factory -> factory.jdbcUrl(postgres.jdbcUrl("bench"))
                                    .principal(new NamePrincipal("bench")).credential(new SimplePassword("bench")))));
                 KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                         SqlOutboxRelay.producerConfig(kafka.bootstrapServers(), "bench-outbox"),
                         new StringSerializer(), new ByteArraySerializer())) {
                PlatformSchema.migrate(pool);
                throughput(pool, producer, events);
                latency(pool, producer, kafka.bootstrapServers(), samples);
            }
        } finally {
            TempFolders.delete(folder);
        }
    }

    private static void throughput(AgroalDataSource pool, KafkaProducer<String, byte[]> producer, int events)
            throws Exception {
        List<ActivityRecorded> batch = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            batch.add(activity("lead-" + (i % 5_000), i));
        }
        long started = System.nanoTime();
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            for (ActivityRecorded event : batch) {
                SqlOutbox.insert(connection, event, "bench");
            }
            connection.commit();
        }
        double fillSeconds = (System.nanoTime() - started) / 1e9;

        // Baseline: the same records straight to Kafka (send all, flush, wait for every ack), after a warm-up pass
        // of the same size (the relay's drain below runs warm too).
        sendAll(producer, batch);
        started = System.nanoTime();
        sendAll(producer, batch);
        double baselineSeconds = (System.nanoTime() - started) / 1e9;

        SqlOutboxRelay relay = new SqlOutboxRelay(pool, producer);
        started = System.nanoTime();
        int published = relay.drain();
        double relaySeconds = (System.nanoTime() - started) / 1e9;
        if (published != events || count(pool) != 0) {
            throw new IllegalStateException("published " + published + " of " + events + ", left " + count(pool));
        }
        System.out.printf("fill (one transaction of %,d inserts)      %8.0f events/s%n", events, events / fillSeconds);
        System.out.printf("baseline: producer alone                  %8.0f events/s%n", events / baselineSeconds);
        System.out.printf("relay: drain of a pre-filled table        %8.0f events/s (%.0f%% of the baseline)%n",
                events / relaySeconds, 100 * baselineSeconds / relaySeconds);
    }

    private static void latency(AgroalDataSource pool, KafkaProducer<String, byte[]> producer, String bootstrap,
                                int samples) throws Exception {
        Map<String, Long> readAt = new ConcurrentHashMap<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread consumerThread = new Thread(() -> {
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5), new StringDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(Topics.ACTIVITY_EVENTS).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                readAt.put("ready", System.nanoTime());
                while (reading.get()) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                        readAt.put(CloudEvents.header(record.headers(), CloudEvents.H_ID), System.nanoTime());
                    }
                }
            }
        }, "bench-consumer");
        consumerThread.start();
        while (!readAt.containsKey("ready")) {
            LockSupport.parkNanos(1_000_000);
        }
        Histogram histogram = new Histogram(3);
        try (SqlOutboxRelay relay = new SqlOutboxRelay(pool, producer).start()) {
            for (int i = 0; i < samples + 100; i++) {
                ActivityRecorded event = activity("lead-" + (i % 500), i);
                try (Connection connection = pool.getConnection()) {
                    connection.setAutoCommit(false);
                    SqlOutbox.insert(connection, event, "bench");
                    connection.commit();
                }
                long committed = System.nanoTime();
                relay.wake();
                String id = event.eventId().toString();
                while (!readAt.containsKey(id)) {
                    LockSupport.parkNanos(100_000);
                }
                if (i >= 100) {
                    // The first 100 warm the JIT, the pool and the producer up.
                    histogram.recordValue((readAt.get(id) - committed) / 1_000);
                }
            }
        }
        reading.set(false);
        consumerThread.join();
        System.out.printf("commit to read by a consumer (%d, one at a time): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                samples, histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
                histogram.getMaxValue() / 1000.0);
    }

    private static void sendAll(KafkaProducer<String, byte[]> producer, List<ActivityRecorded> events)
            throws Exception {
        List<java.util.concurrent.Future<?>> acks = new ArrayList<>(events.size());
        for (ActivityRecorded event : events) {
            acks.add(producer.send(CloudEvents.toRecord(event, "bench")));
        }
        producer.flush();
        for (java.util.concurrent.Future<?> ack : acks) {
            ack.get();
        }
    }

    private static long count(AgroalDataSource pool) throws Exception {
        try (Connection connection = pool.getConnection();
             ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM outbox_event")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static ActivityRecorded activity(String lead, int n) {
        return new ActivityRecorded(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MILLIS), lead, 1,
                "page_view", null, "bench", Map.of("url", "https://example.co.jp/pricing?n=" + n, "title", "料金"));
    }
}
