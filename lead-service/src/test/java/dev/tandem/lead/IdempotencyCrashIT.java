package dev.tandem.lead;

import de.bwaldvogel.mongo.MongoServer;
import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.CloudEvents;
import dev.tandem.events.Topics;
import dev.tandem.platform.idempotency.Idempotency;
import dev.tandem.testing.FreePort;
import dev.tandem.testing.JwtKeys;
import dev.tandem.testing.KafkaBroker;
import dev.tandem.testing.LocalMemoryBackend;
import dev.tandem.testing.TempFolders;
import dev.tandem.testing.TestJwt;
import dev.tandem.testing.TopicProbe;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A kill between publishing and answering. lead-service runs as a child JVM (its packaged
 * {@code target/quarkus-app/quarkus-run.jar}, so this is a Failsafe IT run after {@code package}) against a real Kafka
 * broker and a Mongo-wire server in this JVM, which outlive it. Started with {@value Idempotency#CRASH_PROPERTY}, it
 * halts (exit 137, no shutdown hooks, as a SIGKILL leaves it) right after Kafka acknowledged a keyed request's events
 * and before the answer is recorded or sent. Restarted without it, the client's retry with the same key must count
 * every activity once: the same event ids on {@code activity.events}, once each on the timeline.
 */
class IdempotencyCrashIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int ACTIVITIES = 100;
    private static final Path JAR = Path.of(System.getProperty("tandem.lead.jar", "target/quarkus-app/quarkus-run.jar"));

    private static Path work;
    private static KafkaBroker broker;
    private static MongoServer mongo;
    private static String mongoUri;
    private static Path publicKey;
    private static int port;
    private static int starts;

    @BeforeAll
    static void infrastructure() throws IOException {
        assertTrue(Files.exists(JAR), "package lead-service first: " + JAR.toAbsolutePath());
        work = Files.createTempDirectory("tandem-crash-it-");
        broker = KafkaBroker.start(work.resolve("kafka"), FreePort.find(), FreePort.find());
        broker.createTandemTopics();
        mongo = new MongoServer(new LocalMemoryBackend());
        mongo.bind(new InetSocketAddress("127.0.0.1", 0));
        mongoUri = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort();
        publicKey = work.resolve("public.pem");
        try (InputStream pem = IdempotencyCrashIT.class.getClassLoader().getResourceAsStream(JwtKeys.TEST_PUBLIC_KEY)) {
            Files.copy(pem, publicKey);
        }
        port = FreePort.find();
    }

    @AfterAll
    static void stopInfrastructure() {
        if (mongo != null) {
            mongo.shutdownNow();
        }
        if (broker != null) {
            broker.close();
        }
        TempFolders.delete(work);
    }

    private static Process start(boolean crashBeforeRecording) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx384m", "-XX:+UseSerialGC",
                "-D" + Idempotency.CRASH_PROPERTY + "=" + crashBeforeRecording,
                // Short lease: the retry takes the dead attempt's key over within seconds, not 30.
                "-Dtandem.idempotency.lease=2s",
                // The halted process's consumer leaves no goodbye: let the broker drop it soon.
                "-Dmp.messaging.connector.smallrye-kafka.session.timeout.ms=6000",
                "-jar", JAR.toAbsolutePath().toString()));
        Path log = Path.of("target", "idempotency-crash-it-" + (++starts) + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        builder.environment().put("QUARKUS_MONGODB_CONNECTION_STRING", mongoUri);
        builder.environment().put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toString());
        Process process = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            assertTrue(process.isAlive(), "lead-service exited at start; see " + log.toAbsolutePath());
            return http.send(HttpRequest.newBuilder(URI.create(base() + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
        return process;
    }

    private static String base() {
        return "http://127.0.0.1:" + port;
    }

    private static RequestSpecification as(String role) {
        return RestAssured.given().baseUri(base()).auth().oauth2(TestJwt.token(role)).contentType(ContentType.JSON);
    }

    @Test
    void aRetryAfterTheServiceDiedBetweenPublishingAndAnsweringCountsEveryActivityOnce() throws Exception {
        String key = "crash-" + UUID.randomUUID();
        List<String> items = new ArrayList<>();
        Process first = start(true);
        String leadId;
        try {
            leadId = as(TestJwt.MARKETING).body("{\"email\":\"crash-" + UUID.randomUUID() + "@example.com\"}")
                    .post("/leads").then().statusCode(201).extract().path("id");
            for (int i = 0; i < ACTIVITIES; i++) {
                items.add("{\"leadId\":\"" + leadId + "\",\"type\":\"page_view\",\"properties\":{\"n\":" + i + "}}");
            }
            String body = "[" + String.join(",", items) + "]";
            // The answer never comes: the process halts once Kafka has the events.
            assertThrows(Exception.class, () -> as(TestJwt.TRACKER).header(Idempotency.HEADER, key).body(body)
                    .post("/activities"));
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, first.exitValue(), "halted at the crash point");
        } finally {
            first.destroyForcibly();
        }
        try (TopicProbe probe = TopicProbe.fromBeginning(broker.bootstrapServers(), Topics.ACTIVITY_EVENTS)) {
            List<ConsumerRecord<String, byte[]>> published = probe.awaitRecords(r -> leadId.equals(r.key()), ACTIVITIES, WAIT);
            assertEquals(ACTIVITIES, published.size(), "the first attempt's events were published before the halt");
        }

        String body = "[" + String.join(",", items) + "]";
        Process second = start(false);
        try {
            // The dead attempt holds the key until its lease ends (409 meanwhile); then the retry runs.
            Response[] retry = new Response[1];
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
                retry[0] = as(TestJwt.TRACKER).header(Idempotency.HEADER, key).body(body).post("/activities");
                return retry[0].statusCode() != 409;
            });
            retry[0].then().statusCode(202).body("accepted", equalTo(ACTIVITIES));
            assertNull(retry[0].getHeader(Idempotency.REPLAYED), "nothing was recorded before the halt");
            as(TestJwt.TRACKER).header(Idempotency.HEADER, key).body(body).post("/activities").then().statusCode(202)
                    .header(Idempotency.REPLAYED, "true").body(equalTo(retry[0].asString()));

            try (TopicProbe probe = TopicProbe.fromBeginning(broker.bootstrapServers(), Topics.ACTIVITY_EVENTS)) {
                List<ActivityRecorded> events = probe.awaitRecords(r -> leadId.equals(r.key()), 2 * ACTIVITIES, WAIT)
                        .stream().map(r -> (ActivityRecorded) CloudEvents.fromRecord(r)).toList();
                assertEquals(2 * ACTIVITIES, events.size(), "published twice (before the halt and by the retry)");
                // What scoring and the timeline count: distinct event ids.
                assertEquals(ACTIVITIES, events.stream().map(ActivityRecorded::eventId).distinct().count());
                assertFalse(probe.eventsAfter(Duration.ofSeconds(1), ActivityRecorded.class,
                        e -> e.leadId().equals(leadId)).size() > 2 * ACTIVITIES, "the replay published nothing");
            }
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    as(TestJwt.ADMIN).get("/leads/" + leadId + "/timeline?types=page_view&size=1").then()
                            .statusCode(200).body("total", equalTo(ACTIVITIES)));
        } finally {
            second.destroy();
            if (!second.waitFor(30, TimeUnit.SECONDS)) {
                second.destroyForcibly();
            }
        }
    }
}
