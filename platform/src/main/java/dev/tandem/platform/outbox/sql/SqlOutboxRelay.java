package dev.tandem.platform.outbox.sql;

import dev.tandem.events.CloudEvents;
import dev.tandem.events.EventJson;
import dev.tandem.events.TandemEvent;
import dev.tandem.platform.outbox.EventProducers;
import dev.tandem.platform.outbox.OutboxPublishException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Publishes the rows of {@code outbox_event} (see {@link SqlOutbox}) to Kafka and deletes them, on one thread of
 * its own: at once when {@link #wake() woken} (after a commit that added events) and every {@code sweepEvery} (to
 * catch up after a crash, a Kafka outage, or events another replica committed and could not publish).
 *
 * <p>A pass is one short transaction: claim the shards that hold rows ({@code SELECT … FOR UPDATE SKIP LOCKED} on
 * {@code outbox_shard}), read up to {@code batchSize} of their rows in id order, send them, wait until Kafka
 * acknowledged every one, delete them in one statement, commit. Another relay (a replica) skips the shards this one
 * holds, so two relays never publish the same row at the same moment; since every event of a key is in one shard,
 * a key's events are published in insertion order whichever relay takes them. If Kafka fails or the process dies
 * before the commit, the rows stay (the transaction rolls back) and are sent again on a later pass: delivery is at
 * least once, and consumers deduplicate by event id ({@link ProcessedEvents}).
 *
 * <p>Writers are never blocked by a pass: inserting into {@code outbox_event} takes no lock on a shard.
 */
public final class SqlOutboxRelay implements AutoCloseable {

    public static final Duration DEFAULT_SWEEP_EVERY = Duration.ofSeconds(1);
    public static final int DEFAULT_BATCH_SIZE = 500;

    private static final Logger LOG = Logger.getLogger(SqlOutboxRelay.class.getName());

    private static final String CLAIM_SHARDS = "SELECT s.shard FROM outbox_shard s"
            + " WHERE EXISTS (SELECT 1 FROM outbox_event e WHERE e.shard = s.shard)"
            + " FOR UPDATE OF s SKIP LOCKED";
    private static final String READ_ROWS = "SELECT id, topic, record_key, source, payload, request_id FROM outbox_event"
            + " WHERE shard = ANY (?) ORDER BY id LIMIT ?";
    private static final String DELETE_ROWS = "DELETE FROM outbox_event WHERE id = ANY (?)";

    private final DataSource dataSource;
    private final Producer<String, byte[]> producer;
    private final Duration sweepEvery;
    private final int batchSize;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failedPasses = new AtomicLong();
    private ScheduledExecutorService worker;

    /**
     * @param dataSource the service's database (a pool); the relay takes one connection per pass
     * @param producer   with {@code acks=all} and idempotence (see {@link #producerConfig}), so a retry keeps one
     *                   key's events in order; the relay does not close it
     */
    public SqlOutboxRelay(DataSource dataSource, Producer<String, byte[]> producer) {
        this(dataSource, producer, DEFAULT_SWEEP_EVERY, DEFAULT_BATCH_SIZE);
    }

    public SqlOutboxRelay(DataSource dataSource, Producer<String, byte[]> producer, Duration sweepEvery, int batchSize) {
        this.dataSource = dataSource;
        this.producer = producer;
        this.sweepEvery = sweepEvery;
        this.batchSize = batchSize;
    }

    /**
     * The producer settings the relay is written for: every event acknowledged by all in-sync replicas,
     * idempotent retries (order per key kept), and a pass that fails within seconds while Kafka is away (its rows
     * stay and the next sweep retries) instead of holding its shards for the default two minutes.
     */
    public static Map<String, Object> producerConfig(String bootstrapServers, String clientId) {
        Map<String, Object> config = new HashMap<>(EventProducers.config(bootstrapServers, clientId, Duration.ofSeconds(5)));
        // One request at a time per partition: when a request fails for good, none sent after it can have been
        // appended before it (see SqlOutboxRelayTest's Kafka outage).
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return config;
    }

    /** Starts the worker thread: a sweep at once (a crash may have left rows), then every {@code sweepEvery}. */
    public synchronized SqlOutboxRelay start() {
        if (worker != null) {
            throw new IllegalStateException("already started");
        }
        worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sql-outbox-relay");
            thread.setDaemon(true);
            return thread;
        });
        worker.scheduleWithFixedDelay(this::drainLogged, 0, sweepEvery.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Publishes soon, off the caller's thread (called after a commit); never blocks, never throws. */
    public void wake() {
        ScheduledExecutorService running = worker;
        if (running != null && !running.isShutdown() && wakeQueued.compareAndSet(false, true)) {
            try {
                running.execute(() -> {
                    wakeQueued.set(false);
                    drainLogged();
                });
            } catch (RejectedExecutionException closing) {
                // closing: the rows stay for the next start's sweep
            }
        }
    }

    /** Stops the worker after the pass under way; unpublished rows stay for the next start (or another replica). */
    @Override
    public synchronized void close() {
        if (worker == null) {
            return;
        }
        worker.shutdown();
        try {
            if (!worker.awaitTermination(OutboxPublishException.ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Events acknowledged by Kafka and deleted since this relay was made (for tests and metrics). */
    public long published() {
        return published.get();
    }

    /** Passes that failed (Kafka or the database unavailable) since this relay was made. */
    public long failedPasses() {
        return failedPasses.get();
    }

    private void drainLogged() {
        try {
            drain();
        } catch (OutboxPublishException e) {
            failedPasses.incrementAndGet();
            LOG.warning("outbox events stay stored until Kafka is back: " + e.getMessage());
        } catch (RuntimeException e) {
            failedPasses.incrementAndGet();
            LOG.log(Level.WARNING, "outbox pass failed; the next sweep retries", e);
        }
    }

    /**
     * Publishes passes until none finds a full batch; returns how many events were published. Runs on the caller's
     * thread: for tests and tools; a started relay does this itself.
     */
    public int drain() {
        int total = 0;
        int pass;
        do {
            pass = publishOnce();
            total += pass;
        } while (pass >= batchSize);
        return total;
    }

    /** One pass (see the class comment); returns how many events it published. */
    public int publishOnce() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                int count = claimPublishDelete(connection);
                connection.commit();
                published.addAndGet(count);
                return count;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                // Let every send of this pass finish (fail, mostly) before the next pass sends the rows again, so
                // a record of this pass cannot land after the next pass's copies.
                producer.flush();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("outbox pass failed: " + e.getMessage(), e);
        }
    }

    private int claimPublishDelete(Connection connection) throws SQLException {
        List<Short> shards = new ArrayList<>();
        try (PreparedStatement claim = connection.prepareStatement(CLAIM_SHARDS);
             ResultSet rows = claim.executeQuery()) {
            while (rows.next()) {
                shards.add(rows.getShort(1));
            }
        }
        if (shards.isEmpty()) {
            return 0;
        }
        List<Long> ids = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        Array shardArray = connection.createArrayOf("int2", shards.toArray());
        try (PreparedStatement read = connection.prepareStatement(READ_ROWS)) {
            read.setArray(1, shardArray);
            read.setInt(2, batchSize);
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                    records.add(record(rows.getString(2), rows.getString(3), rows.getString(4), rows.getBytes(5),
                            rows.getString(6)));
                }
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        send(records);
        try (PreparedStatement delete = connection.prepareStatement(DELETE_ROWS)) {
            delete.setArray(1, connection.createArrayOf("int8", ids.toArray()));
            delete.executeUpdate();
        }
        return ids.size();
    }

    /**
     * Sends the records in order and waits for every acknowledgement. A record that fails before it reaches the
     * producer's queue (no metadata within {@code max.block.ms}: Kafka is away) must not be followed by records that
     * succeed, or a key's later events would land before its earlier ones: so the topics' metadata is fetched first,
     * and sending stops at the first record already failed.
     */
    private void send(List<ProducerRecord<String, byte[]>> records) {
        try {
            records.stream().map(ProducerRecord::topic).distinct().forEach(producer::partitionsFor);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new OutboxPublishException("Kafka metadata unavailable: " + e.getMessage(), e);
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        for (ProducerRecord<String, byte[]> record : records) {
            Future<RecordMetadata> ack = producer.send(record);
            acks.add(ack);
            if (ack.isDone()) {
                try {
                    ack.get();
                } catch (InterruptedException | ExecutionException failed) {
                    // Its error is reported below, after the records already queued have completed.
                    break;
                }
            }
        }
        producer.flush();
        OutboxPublishException.awaitAll(acks);
    }

    /** The record exactly as stored: topic, key and body from the row, CloudEvents headers from the stored event. */
    static ProducerRecord<String, byte[]> record(String topic, String key, String source, byte[] payload,
                                                 String requestId) {
        TandemEvent event = EventJson.fromBytes(payload, TandemEvent.class);
        return new ProducerRecord<>(topic, null, key, payload, CloudEvents.kafkaHeaders(event, source, requestId));
    }
}
