package dev.tandem.nurture;

import dev.tandem.testing.FreePort;
import dev.tandem.testing.JwtKeys;
import dev.tandem.testing.KafkaBroker;
import dev.tandem.testing.NurtureBacklog;
import dev.tandem.testing.PostgresResource;
import dev.tandem.testing.SmtpResource;
import dev.tandem.testing.TempFolders;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nurture-service replicas (the packaged {@code quarkus-run.jar} twice, as child JVMs, so this is a Failsafe IT
 * run after {@code package}) on one PostgreSQL database, one Kafka broker and one SMTP server in this JVM. A backlog
 * of due sends stored while both run is shared between them (each sends some) and every recipient gets exactly one
 * message.
 */
class TwoReplicasIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int SENDS = 400;
    private static final Path JAR = Path.of(System.getProperty("tandem.nurture.jar", "target/quarkus-app/quarkus-run.jar"));
    private static final Pattern SENT = Pattern.compile("^tandem_nurture_emails_sent_total(\\{[^}]*})? ([0-9.eE+]+)$",
            Pattern.MULTILINE);

    private static Path work;
    private static KafkaBroker broker;
    private static PostgresResource.TestDatabase database;
    private static Map<String, String> smtp;
    private static Path publicKey;
    private static final List<Process> replicas = new ArrayList<>();
    private static final List<Integer> ports = new ArrayList<>();

    @BeforeAll
    static void infrastructure() throws IOException {
        assertTrue(Files.exists(JAR), "package nurture-service first: " + JAR.toAbsolutePath());
        work = Files.createTempDirectory("tandem-nurture-replicas-");
        broker = KafkaBroker.start(work.resolve("kafka"), FreePort.find(), FreePort.find());
        broker.createTandemTopics();
        database = PostgresResource.createDatabase();
        smtp = new SmtpResource().start();
        publicKey = work.resolve("public.pem");
        try (InputStream pem = TwoReplicasIT.class.getClassLoader().getResourceAsStream(JwtKeys.TEST_PUBLIC_KEY)) {
            Files.copy(pem, publicKey);
        }
    }

    @AfterAll
    static void stopAll() {
        replicas.forEach(Process::destroyForcibly);
        if (broker != null) {
            broker.close();
        }
        if (database != null) {
            PostgresResource.dropDatabase(database);
        }
        TempFolders.delete(work);
    }

    private static void startReplica() throws Exception {
        int port = FreePort.find();
        List<String> command = List.of("java", "-Xmx384m", "-XX:+UseSerialGC",
                "-Dtandem.nurture.sending.workers=4", "-Dtandem.nurture.sending.poll-every=100ms",
                "-jar", JAR.toAbsolutePath().toString());
        Path log = Path.of("target", "two-replicas-it-" + (replicas.size() + 1) + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("TANDEM_NURTURE_JDBC_URL", database.jdbcUrl());
        env.put("TANDEM_NURTURE_DB_USER", database.user());
        env.put("TANDEM_NURTURE_DB_PASSWORD", database.password());
        env.put("QUARKUS_MAILER_HOST", smtp.get("quarkus.mailer.host"));
        env.put("QUARKUS_MAILER_PORT", smtp.get("quarkus.mailer.port"));
        env.put("QUARKUS_MAILER_START_TLS", "DISABLED");
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toString());
        Process process = builder.start();
        replicas.add(process);
        ports.add(port);
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            assertTrue(process.isAlive(), "nurture-service exited at start; see " + log.toAbsolutePath());
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
    }

    @Test
    void twoReplicasShareADueBacklogAndMailEachRecipientOnce() throws Exception {
        startReplica();
        startReplica();
        String run = UUID.randomUUID().toString().substring(0, 8);
        UUID campaign = storeBacklog(run);

        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> sendLogRows(campaign) == SENDS);
        String prefix = "replicas-" + run + "-";
        await().atMost(Duration.ofSeconds(30)).until(() -> SmtpResource.received().stream()
                .filter(m -> NurtureFlowTest.recipient(m).startsWith(prefix)).count() >= SENDS);
        Map<String, Integer> perRecipient = new HashMap<>();
        for (MimeMessage m : SmtpResource.received()) {
            String to = NurtureFlowTest.recipient(m);
            if (to.startsWith(prefix)) {
                perRecipient.merge(to, 1, Integer::sum);
            }
        }
        assertEquals(SENDS, perRecipient.size());
        assertTrue(perRecipient.values().stream().allMatch(n -> n == 1), "a recipient got two messages");

        double first = sentBy(ports.get(0));
        double second = sentBy(ports.get(1));
        assertEquals(SENDS, first + second, 0.0, "the replicas' sends add up to the backlog");
        assertTrue(first > 0 && second > 0, "both replicas claimed work: " + first + " and " + second);
    }

    /** Template, campaign, leads and enrolments due now, stored as the benchmark stores them. */
    private static UUID storeBacklog(String run) throws Exception {
        try (Connection c = database.connect()) {
            UUID campaign = NurtureBacklog.oneEmailCampaign(c, "replicas", NurtureBacklog.template(c, "replicas", "ご案内"));
            NurtureBacklog.enrol(c, campaign, "one", "replicas-" + run + "-", "example.com", SENDS, Instant.now());
            return campaign;
        }
    }

    private static long sendLogRows(UUID campaign) throws Exception {
        try (Connection c = database.connect();
             PreparedStatement s = c.prepareStatement("select count(*) from send_log where campaign_id = ?")) {
            s.setObject(1, campaign);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static double sentBy(int port) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher sent = SENT.matcher(metrics);
        assertTrue(sent.find(), "no tandem_nurture_emails_sent_total on replica :" + port);
        return Double.parseDouble(sent.group(2));
    }
}
