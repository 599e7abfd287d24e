package dev.tandem.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.CloudEvents;
import dev.tandem.events.Topics;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The resources services rely on really are a Kafka broker, a Mongo-wire server and verifiable tokens. */
class InfrastructureTest {

    private static final KafkaBrokerResource kafka = new KafkaBrokerResource();
    private static final MongoResource mongo = new MongoResource();
    private static String bootstrap;
    private static String mongoUri;

    @BeforeAll
    static void start() {
        bootstrap = kafka.start().get("kafka.bootstrap.servers");
        mongoUri = mongo.start().get("quarkus.mongodb.connection-string");
    }

    @AfterAll
    static void stop() {
        kafka.stop();
        mongo.stop();
    }

    @Test
    void brokerHasEveryTandemTopicWithSixPartitions() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.allTopics()).allTopicNames().get();
            assertEquals(10, topics.size());
            topics.values().forEach(t -> assertEquals(6, t.partitions().size(), t.name()));
        }
    }

    @Test
    void probeSeesACloudEventProducedWithAPlainClient() {
        ActivityRecorded event = new ActivityRecorded(UUID.randomUUID(), Instant.now(), "lead-1", 1, "page_view",
                null, "web", Map.of("url", "https://example.co.jp/製品"));
        try (TopicProbe probe = TopicProbe.fromNow(bootstrap, Topics.ACTIVITY_EVENTS);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                     Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                     new StringSerializer(), new ByteArraySerializer())) {
            producer.send(CloudEvents.toRecord(event, "testing")).get();
            ActivityRecorded read = probe.awaitEvent(ActivityRecorded.class,
                    e -> e.eventId().equals(event.eventId()), Duration.ofSeconds(10));
            assertEquals(event, read);
            var record = probe.records().get(0);
            assertEquals("lead-1", record.key());
            assertEquals("dev.tandem.ActivityRecorded", CloudEvents.header(record.headers(), "ce_type"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void probeFailsWhenTheRecordNeverComes() {
        try (TopicProbe probe = TopicProbe.fromNow(bootstrap, Topics.SCORE_EVENTS)) {
            assertThrows(AssertionError.class,
                    () -> probe.awaitRecords(r -> true, 1, Duration.ofMillis(500)));
        }
    }

    @Test
    void mongoServerStoresAndReturnsJapaneseText() {
        try (MongoClient client = MongoClients.create(mongoUri)) {
            MongoCollection<Document> leads = client.getDatabase("t").getCollection("leads");
            leads.insertOne(new Document("_id", "x").append("company", "株式会社テスト"));
            assertEquals("株式会社テスト", leads.find(new Document("_id", "x")).first().getString("company"));
        }
    }

    @Test
    void testTokensVerifyWithTheTestPublicKeyAndForgedOnesDoNot() throws Exception {
        JWTAuthContextInfo info = new JWTAuthContextInfo(JwtKeys.TEST_PUBLIC_KEY, Tokens.ISSUER);
        JsonWebToken token = new DefaultJWTParser(info).parse(TestJwt.token(TestJwt.SALES, "rep-7"));
        assertEquals("rep-7", token.getSubject());
        assertEquals(Set.of("sales"), token.getGroups());
        assertThrows(ParseException.class, () -> new DefaultJWTParser(info).parse(TestJwt.forged(TestJwt.SALES)));
        assertThrows(ParseException.class, () -> new DefaultJWTParser(info).parse(TestJwt.expired(TestJwt.SALES)));
    }

    @Test
    void devKeyPairIsWrittenOnceAndSignsTokens() throws IOException, ParseException {
        Path folder = Files.createTempDirectory("keys");
        JwtKeys.ensurePair(folder);
        String first = Files.readString(folder.resolve("public.pem"));
        JwtKeys.ensurePair(folder);
        assertEquals(first, Files.readString(folder.resolve("public.pem")));
        String jwt = new Tokens(JwtKeys.readPrivate(folder.resolve("private.pem")))
                .mint("m-1", Set.of("marketing"), Duration.ofMinutes(1));
        JsonWebToken verified = new DefaultJWTParser(
                new JWTAuthContextInfo(folder.resolve("public.pem").toUri().toString(), Tokens.ISSUER)).parse(jwt);
        assertEquals(Set.of("marketing"), verified.getGroups());
        TempFolders.delete(folder);
    }
}
