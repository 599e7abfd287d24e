package dev.tandem.nurture;

import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.EmailSent;
import dev.tandem.events.EnrollmentStarted;
import dev.tandem.events.NurtureEvent;
import dev.tandem.events.Topics;
import dev.tandem.events.Unsubscribed;
import dev.tandem.events.ActivityEvent;
import dev.tandem.testing.SmtpResource;
import dev.tandem.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.tandem.nurture.Fixtures.ADMIN;
import static dev.tandem.nurture.Fixtures.MARKETING;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class NurtureFlowTest {

    private static final Pattern CLICK = Pattern.compile("href=\"(http://[^\"]+/t/c/[^\"]+)\"");

    @Test
    void templateValidationNamesEveryProblemWithItsPath() {
        String body = """
                {"name": "bad", "locales": {"ja": {"subject": "{lead.nickname}様",
                  "html": "<a href=\\"javascript:alert(1)\\">x</a> {#if}", "text": "no link"},
                  "fr": {"subject": "s", "html": "h", "text": "t"}}}""";
        given().auth().oauth2(MARKETING).contentType(ContentType.JSON).body(body).post("/templates").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("locales.ja.subject", "locales.ja.html", "locales.ja.text", "locales.fr"))
                .body("errors.find { it.field == 'locales.ja.subject' }.message", containsString("lead.nickname"))
                .body("errors.find { it.field == 'locales.ja.text' }.message", containsString("unsubscribe"));
        given().auth().oauth2(MARKETING).contentType(ContentType.JSON).body("""
                {"name": "links", "locales": {"ja": {"subject": "s", "text": "{unsubscribeUrl}",
                  "html": "<a href=\\"ftp://x\\">x</a><a href=\\"{unsubscribeUrl}\\">u</a>"}}}""").post("/templates")
                .then().statusCode(400).body("errors[0].field", equalTo("locales.ja.html.links[0]"));
        given().auth().oauth2(MARKETING).get("/templates").then().statusCode(200)
                .body("name", org.hamcrest.Matchers.not(hasItems("bad", "links")));
    }

    @Test
    void previewRendersTheSampleLeadAndTestSendDeliversOne() {
        String id = Fixtures.japaneseTemplate("preview", "https://example.co.jp/料金?a=1&b=2");
        given().auth().oauth2(MARKETING).contentType(ContentType.JSON).body("{}").post("/templates/" + id + "/preview")
                .then().statusCode(200)
                .body("subject", equalTo("山田様、新製品ウェビナーのご案内"))
                .body("html", containsString("株式会社サンプル 山田様"))
                .body("html", containsString("/t/c/"));
        given().auth().oauth2(MARKETING).contentType(ContentType.JSON).body("{\"locale\": \"en\"}")
                .post("/templates/" + id + "/preview").then().statusCode(200).body("subject", equalTo("Webinar for 株式会社サンプル"));
        int before = SmtpResource.received().size();
        given().auth().oauth2(MARKETING).contentType(ContentType.JSON).body("{\"to\": \"tester@example.com\"}")
                .post("/templates/" + id + "/test-send").then().statusCode(200).body("messageId", notNullValue());
        List<MimeMessage> mail = SmtpResource.awaitReceived(before + 1, Duration.ofSeconds(10));
        assertTrue(subjects(mail).contains("[TEST] 山田様、新製品ウェビナーのご案内"), subjects(mail).toString());
        given().auth().oauth2(MARKETING).contentType(ContentType.JSON).body("{\"to\": \"not an address\"}")
                .post("/templates/" + id + "/test-send").then().statusCode(400).body("errors[0].field", equalTo("to"));
    }

    @Test
    void campaignValidationNamesEveryProblemWithItsPath() {
        String template = Fixtures.japaneseTemplate("graph", "https://example.com/a");
        String body = """
                {"name": "graph", "trigger": {"type": "stageEntered", "stage": "lukewarm"},
                 "steps": [
                   {"id": "a", "type": "email", "templateId": "%s", "next": "b"},
                   {"id": "b", "type": "branch", "condition": {"type": "clicked", "stepId": "w", "within": "P3D"}, "then": "a", "else": "nowhere"},
                   {"id": "w", "type": "wait", "duration": "P1D", "businessDays": 2},
                   {"id": "lonely", "type": "exit"},
                   {"id": "x", "type": "email", "templateId": "00000000-0000-0000-0000-000000000000"},
                   {"id": "s", "type": "branch", "split": [{"name": "A", "percent": 60, "next": "a"}, {"name": "B", "percent": 30}]}
                 ]}""".formatted(template);
        given().auth().oauth2(MARKETING).contentType(ContentType.JSON).body(body).post("/campaigns").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("trigger.stage", "steps[1].condition.stepId", "steps[1].else", "steps[2]",
                        "steps[4].templateId", "steps[5].split"));
        String cycle = """
                {"name": "cycle", "trigger": {"type": "api"}, "steps": [
                   {"id": "a", "type": "email", "templateId": "%s", "next": "b"},
                   {"id": "b", "type": "branch", "condition": {"type": "opened", "stepId": "a", "within": "P1D"}, "then": "a", "else": "c"},
                   {"id": "c", "type": "exit"}, {"id": "d", "type": "exit"}]}""".formatted(template);
        given().auth().oauth2(MARKETING).contentType(ContentType.JSON).body(cycle).post("/campaigns").then()
                .statusCode(400)
                .body("errors.message", hasItems(containsString("cycle without a wait"), containsString("not reachable")));
    }

    @Test
    void campaignStatesMoveDraftActivePausedArchived() {
        String template = Fixtures.japaneseTemplate("states", "https://example.com/a");
        String id = given().auth().oauth2(MARKETING).contentType(ContentType.JSON)
                .body(Fixtures.oneEmailCampaign("states", template, "states-none")).post("/campaigns").then()
                .statusCode(201).body("state", equalTo("draft")).extract().path("id");
        changeState(id, "paused", null).then().statusCode(409);
        changeState(id, "active", null).then().statusCode(200).body("state", equalTo("active"));
        given().auth().oauth2(MARKETING).contentType(ContentType.JSON).body(Fixtures.oneEmailCampaign("x", template, "y"))
                .put("/campaigns/" + id).then().statusCode(409);
        changeState(id, "paused", "holiday season").then().statusCode(200).body("stateReason", equalTo("holiday season"));
        changeState(id, "active", null).then().statusCode(200).body("stateReason", org.hamcrest.Matchers.nullValue());
        changeState(id, "archived", null).then().statusCode(409);
        changeState(id, "paused", null).then().statusCode(200);
        changeState(id, "archived", null).then().statusCode(200).body("state", equalTo("archived"));
        changeState(id, "active", null).then().statusCode(409);
        changeState(id, "sleeping", null).then().statusCode(400);
    }

    @Test
    void aNewLeadIsEnrolledAndGetsOneMultipartUtf8EmailWithTrackingAndUnsubscribeHeaders() throws Exception {
        String template = Fixtures.japaneseTemplate("welcome", "https://example.co.jp/料金?plan=pro&x=1");
        String campaign = Fixtures.activeCampaign(Fixtures.oneEmailCampaign("ようこそ", template, "welcome"));
        try (TopicProbe nurture = TopicProbe.fromNow(Topics.NURTURE_EVENTS);
             TopicProbe activity = TopicProbe.fromNow(Topics.ACTIVITY_EVENTS)) {
            String leadId = Fixtures.lead("welcome@example.com", "welcome", null);
            nurture.awaitEvent(EnrollmentStarted.class, e -> e.leadId().equals(leadId) && e.campaignId().equals(campaign),
                    Duration.ofSeconds(20));
            EmailSent sent = nurture.awaitEvent(EmailSent.class, e -> e.leadId().equals(leadId), Duration.ofSeconds(20));
            assertEquals("山田様、新製品ウェビナーのご案内", sent.subject());
            ActivityRecorded activityEvent = activity.awaitEvent(ActivityRecorded.class,
                    e -> e.leadId().equals(leadId) && e.activityType().equals("email_sent"), Duration.ofSeconds(20));
            assertEquals(sent.messageId(), activityEvent.properties().get("messageId"));

            MimeMessage message = to("welcome@example.com");
            assertEquals("山田様、新製品ウェビナーのご案内", message.getSubject());
            assertTrue(message.getContentType().startsWith("multipart/alternative"), message.getContentType());
            Multipart parts = (Multipart) message.getContent();
            assertEquals(2, parts.getCount());
            assertTrue(parts.getBodyPart(0).getContentType().toLowerCase().contains("text/plain"));
            assertTrue(parts.getBodyPart(0).getContentType().toLowerCase().contains("utf-8"));
            assertTrue(parts.getBodyPart(1).getContentType().toLowerCase().contains("text/html"));
            String text = (String) parts.getBodyPart(0).getContent();
            String html = (String) parts.getBodyPart(1).getContent();
            assertTrue(text.contains("株式会社テスト 山田様"), text);
            assertTrue(html.contains("株式会社テスト 山田様"), html);
            assertTrue(!html.contains("href=\"https://example.co.jp"), "links are rewritten: " + html);
            assertEquals("<" + sent.messageId() + "@nurture.tandem.local>", message.getHeader("Message-ID")[0]);
            String listUnsubscribe = message.getHeader("List-Unsubscribe")[0];
            assertTrue(listUnsubscribe.matches("<http://[^>]+/t/u/" + sent.messageId() + "/[^>]+>, <mailto:unsubscribe@tandem.local\\?subject=[^>]+>"),
                    listUnsubscribe);
            assertEquals("List-Unsubscribe=One-Click", message.getHeader("List-Unsubscribe-Post")[0]);

            // Click: the signed link redirects to exactly the original URL and is reported with a bot confidence.
            Matcher click = CLICK.matcher(html);
            assertTrue(click.find(), html);
            String link = click.group(1).replace("&amp;", "&");
            String path = link.substring(link.indexOf("/t/c/"));
            Response redirect = given().redirects().follow(false).urlEncodingEnabled(false)
                    .header("User-Agent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15")
                    .get(path);
            assertEquals(302, redirect.statusCode());
            assertEquals("https://example.co.jp/%E6%96%99%E9%87%91?plan=pro&x=1", redirect.header("Location"));
            ActivityRecorded clickEvent = activity.awaitEvent(ActivityRecorded.class,
                    e -> e.leadId().equals(leadId) && e.activityType().equals("email_click"), Duration.ofSeconds(20));
            assertEquals("https://example.co.jp/料金?plan=pro&x=1", clickEvent.properties().get("url"));
            assertNotNull(clickEvent.properties().get("botConfidence"));

            // Tampered: another target under the same signature, or an edited signature → a 400 page, no Location.
            String foreign = path.substring(0, path.indexOf("?u=")) + "?u=https%3A%2F%2Fevil.example%2F";
            Response tampered = given().redirects().follow(false).urlEncodingEnabled(false).get(foreign);
            assertEquals(400, tampered.statusCode());
            assertTrue(tampered.contentType().startsWith("text/html"));
            assertNull(tampered.header("Location"));
            String editedSignature = path.replaceFirst("(/t/c/[^/]+/)[^?]+", "$1AAAAAAAAAAAAAAAAAAAAAA");
            assertEquals(400, given().redirects().follow(false).urlEncodingEnabled(false).get(editedSignature).statusCode());
            assertEquals(400, given().redirects().follow(false).get("/t/c/not-a-message/abc?u=https%3A%2F%2Fx").statusCode());
        }
    }

    @Test
    void oneClickUnsubscribeSuppressesAtOnceAndStopsTheSecondEmail() throws Exception {
        String template = Fixtures.japaneseTemplate("series", "https://example.com/case-study");
        String campaign = Fixtures.activeCampaign("""
                {"name": "series", "trigger": {"type": "leadCreated", "conditions": [{"name": "attributes.test", "op": "eq", "value": "series"}]},
                 "window": %s,
                 "steps": [{"id": "one", "type": "email", "templateId": "%s", "next": "pause"},
                           {"id": "pause", "type": "wait", "duration": "PT3S", "next": "two"},
                           {"id": "two", "type": "email", "templateId": "%s"}]}""".formatted(Fixtures.allWeek(), template, template));
        try (TopicProbe nurture = TopicProbe.fromNow(Topics.NURTURE_EVENTS)) {
            String leadId = Fixtures.lead("series@example.com", "series", null);
            EmailSent sent = nurture.awaitEvent(EmailSent.class, e -> e.leadId().equals(leadId), Duration.ofSeconds(20));
            MimeMessage message = to("series@example.com");
            String unsubscribe = message.getHeader("List-Unsubscribe")[0];
            String path = unsubscribe.substring(unsubscribe.indexOf("/t/u/"), unsubscribe.indexOf('>'));

            given().get(path).then().statusCode(200).contentType(containsString("text/html")).body(containsString("配信停止"));
            Instant clicked = Instant.now();
            Response answer = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                    .body("List-Unsubscribe=One-Click").post(path);
            assertEquals(200, answer.statusCode());
            assertNull(answer.header("Location"));
            assertNull(answer.header("Set-Cookie"));
            Unsubscribed unsubscribed = nurture.awaitEvent(Unsubscribed.class, e -> e.leadId().equals(leadId), Duration.ofSeconds(5));
            assertEquals(sent.messageId(), unsubscribed.messageId());
            assertTrue(Duration.between(clicked, Instant.now()).toMillis() < 1000 + 500, "published within about 1 s");

            List<Map<String, Object>> enrollments = Fixtures.enrollments(leadId);
            assertEquals("exited", enrollments.get(0).get("state"));
            assertEquals("unsubscribed", enrollments.get(0).get("exitReason"));
            // Longer than the wait: the second email never goes.
            List<EmailSent> later = nurture.eventsAfter(Duration.ofSeconds(5), EmailSent.class, e -> e.leadId().equals(leadId));
            assertEquals(0, later.stream().filter(e -> e.stepId().equals("two")).count());
            assertEquals(1, SmtpResource.received().stream().filter(m -> recipient(m).equals("series@example.com")).count());
            // Again: still 200, no second event.
            given().contentType("application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click").post(path)
                    .then().statusCode(200);
            given().contentType("application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click")
                    .post(path.substring(0, path.length() - 2) + "xx").then().statusCode(400);
        }
    }

    private static Response changeState(String id, String state, String reason) {
        String body = reason == null ? "{\"state\": \"" + state + "\"}" : "{\"state\": \"" + state + "\", \"reason\": \"" + reason + "\"}";
        return given().auth().oauth2(MARKETING).contentType(ContentType.JSON).body(body).post("/campaigns/" + id + "/state");
    }

    static MimeMessage to(String address) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> SmtpResource.received().stream()
                .filter(m -> recipient(m).equals(address)).findFirst().orElse(null), java.util.Objects::nonNull);
    }

    static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (Exception e) {
            return "";
        }
    }

    private static List<String> subjects(List<MimeMessage> messages) {
        return messages.stream().map(m -> {
            try {
                return m.getSubject();
            } catch (Exception e) {
                return "?";
            }
        }).toList();
    }
}
