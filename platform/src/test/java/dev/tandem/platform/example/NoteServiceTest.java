package dev.tandem.platform.example;

import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.CloudEvents;
import dev.tandem.events.Topics;
import dev.tandem.platform.outbox.sql.SqlOutboxWiring;
import dev.tandem.platform.example.repository.NoteRepository;
import dev.tandem.platform.example.service.NoteService;
import dev.tandem.platform.outbox.sql.SqlOutbox;
import dev.tandem.platform.outbox.sql.SqlOutboxRelay;
import dev.tandem.testing.KafkaBrokerResource;
import dev.tandem.testing.PostgresResource;
import dev.tandem.testing.TopicProbe;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example PostgreSQL service end to end: REST Assured against the real HTTP stack, a real PostgreSQL 17
 * (PostgresResource) and a real Kafka broker (KafkaBrokerResource).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
class NoteServiceTest {

    @Inject
    NoteService service;

    @Inject
    NoteRepository notes;

    @Inject
    SqlOutbox outbox;

    @Inject
    SqlOutboxWiring wiring;

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void aPostedNoteIsStoredAndItsEventPublishedAfterTheCommit() throws Exception {
        String lead = "lead-" + UUID.randomUUID();
        try (TopicProbe probe = TopicProbe.fromNow(Topics.ACTIVITY_EVENTS)) {
            String id = given().contentType(ContentType.JSON).header("X-Request-Id", "phone-" + lead)
                    .body(Map.of("leadId", lead, "body", "訪問: 導入時期は来期。決裁者は山田部長"))
                    .when().post("/notes")
                    .then().statusCode(201)
                    .body("leadId", equalTo(lead))
                    .extract().path("id");

            List<ConsumerRecord<String, byte[]>> read = probe.awaitRecords(r -> lead.equals(r.key()), 1,
                    Duration.ofSeconds(20));
            ActivityRecorded event = (ActivityRecorded) CloudEvents.fromRecord(read.get(0));
            assertEquals("note", event.activityType());
            assertEquals(id, event.properties().get("noteId"));
            assertEquals("example-service", CloudEvents.header(read.get(0).headers(), CloudEvents.H_SOURCE));
            assertEquals(event.eventId().toString(), CloudEvents.header(read.get(0).headers(), CloudEvents.H_ID));
            assertEquals("phone-" + lead, CloudEvents.header(read.get(0).headers(), CloudEvents.H_REQUEST_ID));

            given().when().get("/notes/" + id).then().statusCode(200)
                    .body("body", equalTo("訪問: 導入時期は来期。決裁者は山田部長"));
            await().atMost(Duration.ofSeconds(10)).until(() -> outboxRows() == 0);
        }
    }

    @Test
    void aRolledBackTransactionStoresNothingAndPublishesNothing() {
        String lead = "lead-" + UUID.randomUUID();
        try (TopicProbe probe = TopicProbe.fromNow(Topics.ACTIVITY_EVENTS)) {
            QuarkusTransaction.begin();
            Note discarded = service.add(lead, "取り消されるメモ");
            QuarkusTransaction.rollback();
            Note kept = service.add(lead, "残るメモ");

            // One lead, one partition: the discarded note's event would have been read first.
            List<ConsumerRecord<String, byte[]>> read = probe.awaitRecords(r -> lead.equals(r.key()), 1,
                    Duration.ofSeconds(20));
            assertEquals(kept.id().toString(),
                    ((ActivityRecorded) CloudEvents.fromRecord(read.get(0))).properties().get("noteId"));
            assertEquals(null, notes.findById(discarded.id()));
            assertEquals(1, notes.ofLead(lead).size());
        }
    }

    @Test
    void eventsCommittedWhileTheRelayIsStoppedAreStillPublished() throws Exception {
        String lead = "lead-" + UUID.randomUUID();
        try (TopicProbe probe = TopicProbe.fromNow(Topics.ACTIVITY_EVENTS)) {
            // As if the service died right after its commit: no relay wakes up for this note.
            wiring.relay().close();
            Note note = service.add(lead, "停止中のメモ");
            assertEquals(1, outboxRows());

            // The next start's relay (here a second one on the same table) sweeps it out.
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                    SqlOutboxRelay.producerConfig(bootstrapServers, "restarted-outbox"),
                    new StringSerializer(), new ByteArraySerializer());
                 SqlOutboxRelay restarted = new SqlOutboxRelay(dataSource, producer).start()) {
                List<ConsumerRecord<String, byte[]>> read = probe.awaitRecords(r -> lead.equals(r.key()), 1,
                        Duration.ofSeconds(20));
                assertEquals(note.id().toString(),
                        ((ActivityRecorded) CloudEvents.fromRecord(read.get(0))).properties().get("noteId"));
                await().atMost(Duration.ofSeconds(10)).until(() -> outboxRows() == 0);
            }
        }
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        String lead = "lead-" + UUID.randomUUID();
        ActivityRecorded visit = new ActivityRecorded(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                lead, 1, "visit", null, "sales-app", Map.of());
        ActivityRecorded call = new ActivityRecorded(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                lead, 1, "call", null, "sales-app", Map.of());

        assertTrue(service.countTouch(visit));
        assertFalse(service.countTouch(visit), "the same event again must be recognised");
        assertEquals(1, service.touches(lead));
        assertTrue(service.countTouch(call));
        assertEquals(2, service.touches(lead));
    }

    @Test
    void anEffectRolledBackLeavesItsEventToBeAppliedOnRedelivery() {
        String lead = "lead-" + UUID.randomUUID();
        ActivityRecorded visit = new ActivityRecorded(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                lead, 1, "visit", null, "sales-app", Map.of());
        QuarkusTransaction.begin();
        assertTrue(service.countTouch(visit));
        QuarkusTransaction.rollback();

        assertEquals(0, service.touches(lead));
        assertTrue(service.countTouch(visit), "the record of a rolled-back effect must be gone with it");
        assertEquals(1, service.touches(lead));
    }

    @Test
    void addingToTheOutboxOutsideATransactionIsRefused() {
        ActivityRecorded event = new ActivityRecorded(UUID.randomUUID(), Instant.now(), "lead-x", 1, "visit", null,
                "sales-app", Map.of());
        assertThrows(IllegalStateException.class, () -> outbox.add(event));
    }

    @Test
    void invalidNotesAreRefusedAndChangeNothing() {
        // Fails on a 5xx, or when a refused request stored a note anyway.
        long before = notes.count();
        given().contentType(ContentType.JSON).body("{\"leadId\": ").when().post("/notes").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("leadId", "lead-1")).when().post("/notes")
                .then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("leadId", "lead-1", "body", "x".repeat(2001)))
                .when().post("/notes").then().statusCode(400);
        given().when().get("/notes/" + UUID.randomUUID()).then().statusCode(404);
        assertEquals(before, notes.count());
    }

    private long outboxRows() throws Exception {
        try (Connection connection = dataSource.getConnection();
             ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM outbox_event")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
