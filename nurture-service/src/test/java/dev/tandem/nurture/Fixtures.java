package dev.tandem.nurture;

import dev.tandem.events.CloudEvents;
import dev.tandem.events.LeadCreated;
import dev.tandem.events.LeadProfile;
import dev.tandem.events.LifecycleStage;
import dev.tandem.events.TandemEvent;
import dev.tandem.testing.RecordSender;
import dev.tandem.testing.TestJwt;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** Builds templates, campaigns and leads the way a user and lead-service would. */
final class Fixtures {

    static final String MARKETING = TestJwt.token(TestJwt.MARKETING);
    static final String ADMIN = TestJwt.token(TestJwt.ADMIN);

    private Fixtures() {
    }

    static String japaneseTemplate(String name, String link) {
        String body = """
                {"name": "%s", "locales": {
                  "ja": {"subject": "{lead.lastName}様、新製品ウェビナーのご案内",
                         "html": "<p>{lead.company} {lead.lastName}様</p><p><a href=\\"%s\\">詳細はこちら</a></p><p>{owner.name}</p><p><a href=\\"{unsubscribeUrl}\\">配信停止</a></p>",
                         "text": "{lead.company} {lead.lastName}様\\n詳細: %s\\n配信停止: {unsubscribeUrl}"},
                  "en": {"subject": "Webinar for {lead.company}",
                         "html": "<p>Dear {lead.firstName}</p><a href=\\"%s\\">More</a> <a href=\\"{unsubscribeUrl}\\">Unsubscribe</a>",
                         "text": "Dear {lead.firstName}\\nMore: %s\\nUnsubscribe: {unsubscribeUrl}"}}}
                """.formatted(name, link, link, link, link);
        return given().auth().oauth2(MARKETING).contentType(ContentType.JSON).body(body)
                .post("/templates").then().log().ifValidationFails().statusCode(201).extract().path("id");
    }

    /** A campaign open around the clock (so tests send at once), created and activated. */
    static String activeCampaign(String definitionJson) {
        String id = given().auth().oauth2(MARKETING).contentType(ContentType.JSON).body(definitionJson)
                .post("/campaigns").then().log().ifValidationFails().statusCode(201).extract().path("id");
        given().auth().oauth2(MARKETING).contentType(ContentType.JSON).body("{\"state\": \"active\"}")
                .post("/campaigns/" + id + "/state").then().statusCode(200);
        return id;
    }

    static String oneEmailCampaign(String name, String templateId, String tag) {
        return """
                {"name": "%s", "trigger": {"type": "leadCreated", "conditions": [{"name": "attributes.test", "op": "eq", "value": "%s"}]},
                 "window": {"MONDAY": ["00:00-00:00"], "TUESDAY": ["00:00-00:00"], "WEDNESDAY": ["00:00-00:00"],
                            "THURSDAY": ["00:00-00:00"], "FRIDAY": ["00:00-00:00"], "SATURDAY": ["00:00-00:00"], "SUNDAY": ["00:00-00:00"]},
                 "steps": [{"id": "first", "type": "email", "templateId": "%s"}]}
                """.formatted(name, tag, templateId);
    }

    static String allWeek() {
        return """
                {"MONDAY": ["00:00-00:00"], "TUESDAY": ["00:00-00:00"], "WEDNESDAY": ["00:00-00:00"],
                 "THURSDAY": ["00:00-00:00"], "FRIDAY": ["00:00-00:00"], "SATURDAY": ["00:00-00:00"], "SUNDAY": ["00:00-00:00"]}""";
    }

    static LeadProfile profile(String email, String tag, String owner) {
        return new LeadProfile(email, "Taro", "山田", "株式会社テスト", "部長", null, "US", "UTC", "ja-JP", 100, null,
                "web", null, Map.of("test", tag), true, LifecycleStage.LEAD, owner);
    }

    /** Publishes LeadCreated as lead-service does and waits until nurture knows the lead. */
    static String lead(String email, String tag, String owner) {
        String leadId = UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        publish(new LeadCreated(UUID.randomUUID(), Instant.now(), leadId, 1, profile(email, tag, owner)));
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(ADMIN).queryParam("leadId", leadId)
                .get("/enrollments").statusCode() == 200);
        return leadId;
    }

    static void publish(TandemEvent... events) {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        RecordSender.sendAll(bootstrap, java.util.Arrays.stream(events)
                .map(e -> CloudEvents.toRecord(e, "lead-service")).toList());
    }

    static List<Map<String, Object>> enrollments(String leadId) {
        return given().auth().oauth2(ADMIN).queryParam("leadId", leadId).get("/enrollments").then().statusCode(200)
                .extract().jsonPath().getList("$");
    }
}
