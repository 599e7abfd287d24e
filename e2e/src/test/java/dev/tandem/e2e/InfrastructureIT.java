package dev.tandem.e2e;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.CloudEvents;
import dev.tandem.events.Topics;
import dev.tandem.testing.RecordSender;
import dev.tandem.testing.TopicProbe;
import io.restassured.RestAssured;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The devstack that ./tandem up starts is real infrastructure, reached with plain clients. */
class InfrastructureIT {

    @Test
    void kafkaHasEveryTopicAndCarriesACloudEventEndToEnd() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Suite.KAFKA))) {
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.allTopics()).allTopicNames().get();
            topics.values().forEach(t -> assertEquals(Topics.PARTITIONS, t.partitions().size(), t.name()));
        }
        ActivityRecorded event = new ActivityRecorded(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                "e2e-" + UUID.randomUUID(), 1, "page_view", null, "e2e", Map.of("url", "https://example.co.jp/導入事例"));
        try (TopicProbe probe = TopicProbe.fromNow(Suite.KAFKA, Topics.ACTIVITY_EVENTS)) {
            RecordSender.sendAll(Suite.KAFKA, List.of(CloudEvents.toRecord(event, "e2e")));
            List<ConsumerRecord<String, byte[]>> read = probe.awaitRecords(
                    r -> event.eventId().toString().equals(CloudEvents.header(r.headers(), CloudEvents.H_ID)),
                    1, Duration.ofSeconds(15));
            assertEquals(event.leadId(), read.get(0).key());
            assertEquals("dev.tandem.ActivityRecorded", CloudEvents.header(read.get(0).headers(), CloudEvents.H_TYPE));
            assertEquals(event, CloudEvents.fromRecord(read.get(0)));
        }
    }

    @Test
    void mongoStoresAndReturnsADocumentWithThePlainDriver() {
        String id = "e2e-" + UUID.randomUUID();
        try (MongoClient client = MongoClients.create(Suite.MONGO)) {
            MongoCollection<Document> collection = client.getDatabase("tandem_e2e").getCollection("checks");
            collection.insertOne(new Document("_id", id).append("company", "株式会社エンドツーエンド"));
            Document read = collection.find(Filters.eq("_id", id)).first();
            assertEquals("株式会社エンドツーエンド", read.getString("company"));
            collection.deleteOne(Filters.eq("_id", id));
        }
    }

    @Test
    void postgresqlServesEachServiceDatabaseToItsOwnRoleOnly() throws Exception {
        String id = "e2e-" + UUID.randomUUID();
        try (Connection connection = DriverManager.getConnection(Suite.POSTGRES + "tandem_nurture", "nurture", "nurture");
             Statement statement = connection.createStatement()) {
            try (ResultSet version = statement.executeQuery("SHOW server_version")) {
                version.next();
                assertTrue(version.getString(1).startsWith("17."), version.getString(1));
            }
            statement.execute("CREATE TABLE IF NOT EXISTS e2e_check (id text PRIMARY KEY, company text NOT NULL)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO e2e_check VALUES (?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, "株式会社エンドツーエンド");
                insert.executeUpdate();
            }
            try (PreparedStatement read = connection.prepareStatement("SELECT company FROM e2e_check WHERE id = ?")) {
                read.setString(1, id);
                try (ResultSet row = read.executeQuery()) {
                    assertTrue(row.next());
                    assertEquals("株式会社エンドツーエンド", row.getString(1));
                }
            }
            statement.execute("DROP TABLE e2e_check");
        }
        for (String other : List.of("tandem_feedback", "tandem_gateway")) {
            SQLException refused = assertThrows(SQLException.class, () ->
                    DriverManager.getConnection(Suite.POSTGRES + other, "nurture", "nurture").close());
            assertEquals("42501", refused.getSQLState(), other + ": " + refused.getMessage());
        }
    }

    @Test
    void smtpAcceptsAMailThatThenShowsAsReceived() throws Exception {
        String subject = "【確認】配信テスト " + UUID.randomUUID();
        Properties properties = new Properties();
        properties.put("mail.smtp.host", Suite.SMTP_HOST);
        properties.put("mail.smtp.port", String.valueOf(Suite.SMTP_PORT));
        MimeMessage message = new MimeMessage(Session.getInstance(properties));
        message.setFrom(new InternetAddress("marketing@tandem.test"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("yamada@example.co.jp"));
        message.setSubject(subject, "UTF-8");
        message.setText("山田様\nいつもお世話になっております。", "UTF-8");
        Transport.send(message);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                RestAssured.get(Suite.DEVSTACK + "/messages").then()
                        .statusCode(200)
                        .body("subject", hasItem(subject)));
    }
}
