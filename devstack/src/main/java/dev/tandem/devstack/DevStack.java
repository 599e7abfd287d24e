package dev.tandem.devstack;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import de.bwaldvogel.mongo.MongoServer;
import dev.tandem.testing.BsonH2Backend;
import dev.tandem.testing.KafkaBroker;
import dev.tandem.testing.PostgresServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The local infrastructure of {@code ./tandem up}, in one JVM: a real Kafka broker (KRaft) with every Tandem topic,
 * a MongoDB-wire server whose data lives in an H2 file, a real PostgreSQL 17 (a child process) with one database per
 * PostgreSQL service, and GreenMail as the SMTP sink (IMAP and an HTTP list of received mail to check what was sent).
 * Data survives a stop: SIGTERM shuts everything down cleanly.
 */
public final class DevStack {

    /**
     * H2's page cache for the Mongo-wire store. With the default (16 MB, a small part of a 100k-lead database) most
     * reads missed and decoded a page again: a third of the store's CPU while a 100k-row import ran (JFR, when pages
     * were still Java-serialised). ./tandem up gives this JVM 6 GB of heap.
     */
    private static final int MONGO_CACHE_MB = 512;

    /**
     * Database → the role that owns it and alone may connect to it. Local dev passwords equal the role name
     * (documented in the root README); production takes them from the CloudNativePG secrets.
     */
    static final Map<String, String> POSTGRES_DATABASES = Map.of(
            "tandem_nurture", "nurture",
            "tandem_feedback", "feedback",
            "tandem_gateway", "gateway");

    /**
     * How long a stop may spend compacting the Mongo-wire store's file (BsonH2Backend.closeCompacted), with the rest
     * already stopped: ./tandem down kills this JVM after 60 s. A compaction still running then is left unfinished
     * (the file stays as it was; the next start deletes the partial copy). After a 100k-lead import it took 11 s.
     */
    private static final Duration COMPACTION_BUDGET = Duration.ofSeconds(40);

    private final DevStackConfig config;
    private KafkaBroker kafka;
    private BsonH2Backend mongoBackend;
    private MongoServer mongo;
    private PostgresServer postgres;
    private GreenMail mail;
    private StatusServer status;

    private DevStack(DevStackConfig config) {
        this.config = config;
    }

    public static void main(String[] args) {
        DevStackConfig config;
        try {
            config = DevStackConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("devstack: " + e.getMessage());
            System.exit(2);
            return;
        }
        DevStack stack = new DevStack(config);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "devstack-shutdown"));
        try {
            stack.start();
        } catch (RuntimeException | IOException e) {
            System.err.println("devstack: failed to start: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    private void start() throws IOException {
        Instant began = Instant.now();
        Files.createDirectories(config.home().resolve("data"));

        kafka = KafkaBroker.start(config.kafkaData(), config.kafkaPort(), config.kafkaControllerPort());
        kafka.createTandemTopics();
        log("kafka    127.0.0.1:" + config.kafkaPort() + " (KRaft, data " + config.kafkaData() + ")");

        // Not the stock H2Backend: that one Java-serialises index keys on every comparison (see BsonH2Backend).
        Instant opening = Instant.now();
        String mongoFile = BsonH2Backend.removeInterruptedCompaction(config.mongoFile().toString());
        mongoBackend = new BsonH2Backend(BsonH2Backend.store(mongoFile).cacheSize(MONGO_CACHE_MB).open());
        mongo = new MongoServer(mongoBackend);
        mongo.bind(new InetSocketAddress("127.0.0.1", config.mongoPort()));
        log("mongo    mongodb://127.0.0.1:" + config.mongoPort() + " (H2 file " + config.mongoFile() + ", "
                + megabytes(fileSize()) + ", opened in " + Duration.between(opening, Instant.now()).toMillis() + " ms)");

        // fsync on: `./tandem down` kills a devstack that has not stopped within 60 s, and the data must survive that.
        postgres = PostgresServer.start(config.postgresData(), config.postgresPort(), true, config.postgresLog());
        // At every start, so a database added to the list appears on the next `up` without a reset.
        POSTGRES_DATABASES.forEach((database, role) -> postgres.ensureDatabase(database, role, role));
        log("postgres jdbc:postgresql://127.0.0.1:" + config.postgresPort() + "/ (PostgreSQL " + postgres.version()
                + ", databases " + String.join(", ", POSTGRES_DATABASES.keySet().stream().sorted().toList())
                + ", data " + config.postgresData() + ")");

        mail = new GreenMail(new ServerSetup[]{
                new ServerSetup(config.smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(config.imapPort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        // Any recipient gets a mailbox, readable over IMAP with the address as user and any password.
        mail.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        mail.start();
        log("smtp     127.0.0.1:" + config.smtpPort() + ", imap 127.0.0.1:" + config.imapPort());

        status = StatusServer.start(config.httpPort(), mail, this::postgresAnswers);
        log("http     http://127.0.0.1:" + config.httpPort() + "/ready, /messages");
        log("devstack ready in " + Duration.between(began, Instant.now()).toMillis() + " ms");
    }

    /** Readiness: the server answers a query now (it runs in a process of its own, which may have died). */
    private boolean postgresAnswers() {
        try (Connection connection = postgres.superuser("postgres")) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private void stop() {
        // Reverse order of start, except that the Mongo store is closed last: compacting its file is the one step
        // that may be cut short. Each step on its own so one failure does not keep data unflushed.
        run("http", () -> status.stop());
        run("smtp", () -> mail.stop());
        run("postgres", () -> {
            // A child process: it would outlive a failed start if left running.
            if (postgres != null) {
                postgres.close();
            }
        });
        run("mongo", () -> mongo.shutdown());
        run("kafka", () -> kafka.close());
        run("mongo store", this::closeMongoStore);
        log("devstack stopped");
    }

    private void closeMongoStore() {
        Instant began = Instant.now();
        long before = fileSize();
        AtomicBoolean compacted = new AtomicBoolean();
        Thread closing = new Thread(() -> compacted.set(mongoBackend.closeCompacted()), "mongo-store-close");
        // A daemon thread: the JVM may exit while it still copies, if the budget runs out.
        closing.setDaemon(true);
        closing.start();
        try {
            closing.join(COMPACTION_BUDGET.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long millis = Duration.between(began, Instant.now()).toMillis();
        if (closing.isAlive()) {
            log("mongo    compaction not done after " + millis + " ms: left unfinished, " + config.mongoFile()
                    + " kept as it was (" + megabytes(before) + ")");
        } else if (compacted.get()) {
            log("mongo    closed and compacted in " + millis + " ms: " + megabytes(before) + " -> "
                    + megabytes(fileSize()));
        } else {
            log("mongo    closed in " + millis + " ms (" + megabytes(fileSize()) + ", little to compact)");
        }
    }

    private long fileSize() {
        try {
            return Files.size(config.mongoFile());
        } catch (IOException e) {
            return -1;
        }
    }

    private static String megabytes(long bytes) {
        return bytes / 1_000_000 + " MB";
    }

    private static void run(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            System.err.println("devstack: stopping " + what + " failed: " + e);
        }
    }

    private static void log(String line) {
        System.out.println(line);
    }
}
