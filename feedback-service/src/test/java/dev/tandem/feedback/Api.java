package dev.tandem.feedback;

import dev.tandem.events.CloudEvents;
import dev.tandem.events.LeadCreated;
import dev.tandem.events.LeadProfile;
import dev.tandem.events.LeadQualified;
import dev.tandem.events.LeadRouted;
import dev.tandem.events.LifecycleStage;
import dev.tandem.events.TandemEvent;
import dev.tandem.events.Topics;
import dev.tandem.testing.RecordSender;
import dev.tandem.testing.TestJwt;
import dev.tandem.testing.TopicProbe;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Test helpers: authenticated requests, leads and MQLs made through the events feedback-service reads. */
public final class Api {

    public static final String PROBLEM = "application/problem+json";
    public static final Duration WAIT = Duration.ofSeconds(20);

    private Api() {
    }

    public static RequestSpecification as(String role, String subject) {
        return RestAssured.given().auth().oauth2(TestJwt.token(role, subject)).contentType(ContentType.JSON);
    }

    public static RequestSpecification admin() {
        return as(TestJwt.ADMIN, "admin-1");
    }

    public static ValidatableResponse assertProblem(ValidatableResponse response, int status) {
        return response.statusCode(status).contentType(PROBLEM).body("status", equalTo(status));
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static void send(TandemEvent event) {
        RecordSender.sendAll(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                List.of(CloudEvents.toRecord(event, "test")));
    }

    public static void team(String id) {
        admin().body(Map.of("id", id, "name", "チーム " + id)).post("/teams").then().statusCode(201);
    }

    public static void rep(String id, String team, List<String> prefectures, int capacity) {
        admin().body(Map.of("id", id, "name", "担当 " + id, "teamId", team, "capacity", capacity,
                        "territories", Map.of("countries", List.of("JP"), "prefectures", prefectures)))
                .post("/reps").then().statusCode(201);
    }

    /** A lead as lead-service announces it (LeadCreated), visible here once consumed. */
    public static String lead(String prefecture, String industry) {
        String id = unique("lead");
        LeadProfile profile = new LeadProfile(id + "@example.co.jp", "太郎", "山田", "株式会社テスト", null, null, "JP",
                "Asia/Tokyo", "ja", 120, industry, "webinar", "spring-2026",
                prefecture == null ? Map.of() : Map.of("prefecture", prefecture), true, LifecycleStage.LEAD, null);
        send(new LeadCreated(UUID.randomUUID(), Instant.now(), id, 1, profile));
        await().atMost(WAIT).until(() -> admin().get("/leads/" + id + "/feedback").statusCode() == 200);
        return id;
    }

    /** Makes the lead an MQL (LeadQualified) and returns the LeadRouted it caused, if any within the wait. */
    public static LeadRouted qualifyAndAwaitRouting(String leadId) {
        try (TopicProbe probe = TopicProbe.fromNow(Topics.FEEDBACK_EVENTS)) {
            send(new LeadQualified(UUID.randomUUID(), Instant.now(), leadId, 1, "default", 1, 72.5, 30));
            return probe.awaitEvent(LeadRouted.class, e -> e.leadId().equals(leadId), WAIT);
        }
    }

    public static void qualify(String leadId) {
        send(new LeadQualified(UUID.randomUUID(), Instant.now(), leadId, 1, "default", 1, 72.5, 30));
    }
}
