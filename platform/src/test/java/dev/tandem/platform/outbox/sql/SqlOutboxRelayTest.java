package dev.tandem.platform.outbox.sql;

import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.CloudEvents;
import dev.tandem.events.EventJson;
import dev.tandem.events.TandemEvent;
import dev.tandem.events.Topics;
import dev.tandem.testing.KafkaBroker;
import dev.tandem.testing.FreePort;
import dev.tandem.testing.RestartableKafkaBroker;
import dev.tandem.testing.TempFolders;
import dev.tandem.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SQL outbox relay against a real PostgreSQL 17 and a real Kafka broker (in-process KRaft): a crash between
 * commit and publish, a Kafka outage, two relays on one table, a rolled-back transaction.
 */
class SqlOutboxRelayTest {

    private static final String SOURCE = "nurture-service";

    private static Path kafkaData;
    private static KafkaBroker kafka;

    private OutboxDatabase db;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void startKafka() throws Exception {
        kafkaData = Files.createTempDirectory("tandem-sql-outbox-kafka-");
        kafka = KafkaBroker.start(kafkaData.resolve("log"), FreePort.find(), FreePort.find());
        kafka.createTandemTopics();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
        TempFolders.delete(kafkaData);
    }

    @BeforeEach
    void createDatabase() throws Exception {
        db = OutboxDatabase.create();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        db.close();
    }

    private SqlOutboxRelay relay(String bootstrap) {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                SqlOutboxRelay.producerConfig(bootstrap, "test-outbox-" + UUID.randomUUID()),
                new StringSerializer(), new ByteArraySerializer());
        toClose.add(producer);
        SqlOutboxRelay relay = new SqlOutboxRelay(db.pool, producer, Duration.ofMillis(200), 500);
        toClose.add(relay);
        return relay;
    }

    @Test
    void eventsCommittedWhileNoRelayRanArePublishedByTheNextOneExactlyAsStored() throws Exception {
        // The service crashed between its commit and the relay's wake-up: the relay was closed, the rows stayed.
        relay(kafka.bootstrapServers()).start().close();
        String lead = "lead-" + UUID.randomUUID();
        List<ActivityRecorded> events = List.of(OutboxDatabase.activity(lead, 1), OutboxDatabase.activity(lead, 2),
                OutboxDatabase.activity(lead, 3));
        db.commit(events, SOURCE);
        assertEquals(3, db.count("outbox_event"));

        try (TopicProbe probe = TopicProbe.fromBeginning(kafka.bootstrapServers(), Topics.ACTIVITY_EVENTS)) {
            SqlOutboxRelay restarted = relay(kafka.bootstrapServers()).start();
            List<ConsumerRecord<String, byte[]>> read = probe.awaitRecords(r -> lead.equals(r.key()), 3,
                    Duration.ofSeconds(20));

            for (int i = 0; i < events.size(); i++) {
                ActivityRecorded event = events.get(i);
                ConsumerRecord<String, byte[]> record = read.get(i);
                assertEquals(Topics.ACTIVITY_EVENTS, record.topic());
                assertEquals(event.leadId(), record.key());
                assertArrayEquals(EventJson.toBytes(event), record.value(), "the body is the stored JSON");
                assertEquals(CloudEvents.attributes(event, SOURCE), headers(record));
                assertEquals(event, CloudEvents.fromRecord(record));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> db.count("outbox_event") == 0);
            assertEquals(3, restarted.published());
        }
    }

    @Test
    void aRolledBackTransactionPublishesNothing() throws Exception {
        SqlOutboxRelay relay = relay(kafka.bootstrapServers()).start();
        String lead = "lead-" + UUID.randomUUID();
        ActivityRecorded rolledBack = OutboxDatabase.activity(lead, 1);
        ActivityRecorded committed = OutboxDatabase.activity(lead, 2);
        try (TopicProbe probe = TopicProbe.fromNow(kafka.bootstrapServers(), Topics.ACTIVITY_EVENTS)) {
            try (Connection connection = db.pool.getConnection()) {
                connection.setAutoCommit(false);
                SqlOutbox.insert(connection, rolledBack, SOURCE);
                relay.wake();
                connection.rollback();
            }
            db.commit(List.of(committed), SOURCE);
            relay.wake();

            // Same key, same partition: had the rolled-back event gone out, it would be read first.
            List<ConsumerRecord<String, byte[]>> read = probe.awaitRecords(r -> lead.equals(r.key()), 1,
                    Duration.ofSeconds(20));
            assertEquals(List.of(committed.eventId().toString()), ids(read));
        }
    }

    @Test
    void kafkaDownForTenSecondsLosesNothingAndKeepsEachLeadsOrder() throws Exception {
        RestartableKafkaBroker restartable = new RestartableKafkaBroker();
        restartable.init(Map.of(RestartableKafkaBroker.PROPERTY, "outbox.bootstrap"));
        restartable.start();
        toClose.add(restartable::stop);
        SqlOutboxRelay relay = relay(RestartableKafkaBroker.bootstrap()).start();
        List<String> leads = List.of("lead-a-" + UUID.randomUUID(), "lead-b-" + UUID.randomUUID(),
                "lead-c-" + UUID.randomUUID());
        Map<String, List<String>> written = new LinkedHashMap<>();
        int[] seq = {0};
        Runnable writeRound = () -> {
            try {
                List<ActivityRecorded> round = new ArrayList<>();
                for (String lead : leads) {
                    ActivityRecorded event = OutboxDatabase.activity(lead, ++seq[0]);
                    round.add(event);
                    written.computeIfAbsent(lead, l -> new ArrayList<>()).add(event.eventId().toString());
                }
                db.commit(round, SOURCE);
                relay.wake();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };

        for (int i = 0; i < 20; i++) {
            writeRound.run();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("outbox_event") == 0);

        RestartableKafkaBroker.down();
        long failedBefore = relay.failedPasses();
        // Ten seconds without Kafka while the service goes on committing (a round every 0.5 s).
        await().pollInterval(Duration.ofMillis(500)).pollDelay(Duration.ZERO)
                .atMost(Duration.ofSeconds(12)).during(Duration.ofSeconds(10)).until(() -> {
                    writeRound.run();
                    return true;
                });
        assertTrue(relay.failedPasses() > failedBefore, "the relay never noticed that Kafka was down");
        assertTrue(db.count("outbox_event") > 0, "events written while Kafka was down should still be stored");
        RestartableKafkaBroker.up();
        for (int i = 0; i < 20; i++) {
            writeRound.run();
        }

        int total = written.values().stream().mapToInt(List::size).sum();
        await().atMost(Duration.ofSeconds(60)).until(() -> db.count("outbox_event") == 0);
        try (TopicProbe probe = TopicProbe.fromBeginning(RestartableKafkaBroker.bootstrap(), Topics.ACTIVITY_EVENTS)) {
            List<ConsumerRecord<String, byte[]>> read = probe.awaitRecords(r -> leads.contains(r.key()), total,
                    Duration.ofSeconds(30));
            for (String lead : leads) {
                List<String> firstSeen = new ArrayList<>(new LinkedHashSet<>(
                        ids(read.stream().filter(r -> lead.equals(r.key())).toList())));
                assertEquals(written.get(lead), firstSeen, "every event of " + lead + ", in the order written; seq@offset: "
                        + read.stream().filter(r -> lead.equals(r.key())).map(r -> ((ActivityRecorded) CloudEvents
                        .fromRecord(r)).properties().get("seq") + "@" + r.offset()).toList());
            }
            System.out.printf("kafka outage: %d events written, %d records read (%d sent again after a failed "
                    + "pass), %d failed passes%n", total, read.size(), read.size() - total, relay.failedPasses());
        }
    }

    @Test
    void twoRelaysOnOneTablePublishEveryEventExactlyOnceInEachLeadsOrder() throws Exception {
        int writers = 4;
        int leadsPerWriter = 25;
        int eventsPerLead = 30;
        int total = writers * leadsPerWriter * eventsPerLead;
        SqlOutboxRelay first = relay(kafka.bootstrapServers()).start();
        SqlOutboxRelay second = relay(kafka.bootstrapServers()).start();
        String run = UUID.randomUUID().toString().substring(0, 8);

        try (TopicProbe probe = TopicProbe.fromNow(kafka.bootstrapServers(), Topics.ACTIVITY_EVENTS)) {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    // Each writer owns its leads, so a lead's seq order is its insertion order.
                    for (int n = 1; n <= eventsPerLead; n++) {
                        List<ActivityRecorded> transaction = new ArrayList<>();
                        for (int l = 0; l < leadsPerWriter; l++) {
                            transaction.add(OutboxDatabase.activity(run + "-" + writer + "-" + l, n));
                            if (transaction.size() == 5) {
                                db.commit(transaction, SOURCE);
                                (l % 2 == 0 ? first : second).wake();
                                transaction = new ArrayList<>();
                            }
                        }
                        if (!transaction.isEmpty()) {
                            db.commit(transaction, SOURCE);
                            first.wake();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            pool.shutdown();

            List<ConsumerRecord<String, byte[]>> read = probe.awaitRecords(r -> r.key().startsWith(run), total,
                    Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(10)).until(() -> db.count("outbox_event") == 0);
            // Anything sent twice would have been counted by a relay and would be on the topic by now.
            List<ConsumerRecord<String, byte[]>> all = new ArrayList<>(probe.awaitRecords(r -> r.key().startsWith(run),
                    total, Duration.ofSeconds(1)));
            assertEquals(total, first.published() + second.published(), "events acknowledged and deleted");
            assertEquals(total, all.size(), "records on the topic");
            assertEquals(total, Set.copyOf(ids(all)).size(), "distinct event ids");
            assertTrue(first.published() > 0 && second.published() > 0,
                    "both relays should have published: " + first.published() + " / " + second.published());

            Map<String, List<Integer>> seqByLead = new HashMap<>();
            read.forEach(r -> seqByLead.computeIfAbsent(r.key(), k -> new ArrayList<>())
                    .add((Integer) ((ActivityRecorded) CloudEvents.fromRecord(r)).properties().get("seq")));
            seqByLead.forEach((lead, seqs) -> assertEquals(
                    java.util.stream.IntStream.rangeClosed(1, eventsPerLead).boxed().toList(), seqs, lead));
            System.out.printf("two relays: %d events, first published %d, second %d%n", total, first.published(),
                    second.published());
        }
    }

    private static List<String> ids(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> CloudEvents.header(r.headers(), CloudEvents.H_ID)).toList();
    }

    private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
