package dev.tandem.lead;

import dev.tandem.events.TandemEvent;
import dev.tandem.events.CloudEvents;
import dev.tandem.testing.RecordSender;
import dev.tandem.testing.TestJwt;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;

/** Test helpers: authenticated requests, new leads, events sent to the topics lead-service reads. */
public final class Api {

    public static final String PROBLEM = "application/problem+json";

    private Api() {
    }

    public static RequestSpecification as(String role) {
        return as(role, role + "-1");
    }

    public static RequestSpecification as(String role, String subject) {
        return RestAssured.given().auth().oauth2(TestJwt.token(role, subject)).contentType(ContentType.JSON);
    }

    public static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** Creates a lead as marketing and returns its id. */
    public static String createLead(String email) {
        return createLead(Map.of("email", email));
    }

    public static String createLead(Map<String, Object> body) {
        return as(TestJwt.MARKETING).body(body).post("/leads").then().statusCode(201).extract().path("id");
    }

    public static long leadCount() {
        return ((Number) as(TestJwt.ADMIN).get("/leads?size=1").then().statusCode(200).extract().path("total")).longValue();
    }

    public static ValidatableResponse assertProblem(ValidatableResponse response, int status) {
        return response.statusCode(status).contentType(PROBLEM).body("status", equalTo(status));
    }

    /** Sends an event as its producer would (CloudEvents headers, key = leadId) and waits for the ack. */
    public static void send(TandemEvent event) {
        send(CloudEvents.toRecord(event, "test"));
    }

    public static void send(ProducerRecord<String, byte[]> record) {
        sendAll(List.of(record));
    }

    /** Sends records in one go (one flush, so a consumer is likely to get them in one poll) and waits for the acks. */
    public static void sendAll(List<ProducerRecord<String, byte[]>> records) {
        RecordSender.sendAll(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class), records);
    }
}
