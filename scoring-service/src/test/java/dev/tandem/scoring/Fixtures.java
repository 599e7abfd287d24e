package dev.tandem.scoring;

import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.CloudEvents;
import dev.tandem.events.LeadCreated;
import dev.tandem.events.LeadProfile;
import dev.tandem.events.LifecycleStage;
import dev.tandem.events.TandemEvent;
import dev.tandem.testing.RecordSender;
import dev.tandem.testing.TestJwt;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Requests, models and events the service tests share. */
public final class Fixtures {

    /** A model marketing would write: a demo request qualifies a lead on its own, page views add up slowly. */
    public static final String MODEL = """
            {"name":"%s","behaviourRules":[
              {"id":"demo","name":"Demo request","eventType":"form_submit",
               "conditions":[{"field":"form","op":"eq","value":"demo"}],"points":%d},
              {"id":"pv","name":"Page view","eventType":"page_view","points":10,"limit":{"max":5,"per":"P1D"}}],
             "fitRules":[
              {"id":"size","name":"Mid-size or larger","field":"companySize","op":"gte","value":100,"points":20},
              {"id":"freemail","name":"Free mail","field":"emailDomain","op":"in","value":"$freemail","points":-30}],
             "decay":{"halfLifeDays":7},"caps":{"behaviour":200,"fit":50},
             "thresholds":{"mql":{"minTotal":50,"minFit":0}},"gradeBands":{"A":40,"B":20,"C":10,"D":0}}
            """;

    private Fixtures() {
    }

    public static String model(String name, int demoPoints) {
        return MODEL.formatted(name, demoPoints);
    }

    public static RequestSpecification as(String role) {
        return RestAssured.given().auth().oauth2(TestJwt.token(role)).contentType(ContentType.JSON);
    }

    public static RequestSpecification asUser(String role, String subject) {
        return RestAssured.given().auth().oauth2(TestJwt.token(role, subject)).contentType(ContentType.JSON);
    }

    public static String createModel(String body) {
        return as(TestJwt.MARKETING).body(body).post("/models").then().statusCode(201).extract().path("id");
    }

    public static String createAndPublish(String body) {
        String id = createModel(body);
        as(TestJwt.MARKETING).post("/models/" + id + "/publish").then().statusCode(200);
        return id;
    }

    public static ActivityRecorded activity(String leadId, String type, Instant at, Map<String, Object> properties) {
        return new ActivityRecorded(UUID.randomUUID(), at, leadId, TandemEvent.SCHEMA_VERSION, type, null, "web",
                properties);
    }

    public static LeadCreated leadCreated(String leadId, String email, int companySize, String ownerId) {
        LeadProfile profile = new LeadProfile(email, "Aiko", "Sato", "Acme", "CTO", null, "JP", "Asia/Tokyo", "ja",
                companySize, "software", "web", null, Map.of(), true, LifecycleStage.LEAD, ownerId);
        return new LeadCreated(UUID.randomUUID(), Instant.now(), leadId, TandemEvent.SCHEMA_VERSION, profile);
    }

    public static void send(TandemEvent event) {
        send(CloudEvents.toRecord(event, "test"));
    }

    /** Sends the record as its producer would and waits for Kafka's acknowledgement. */
    public static void send(ProducerRecord<String, byte[]> record) {
        RecordSender.sendAll(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                List.of(record));
    }
}
