package dev.tandem.lead.rest;

import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.CloudEvents;
import dev.tandem.events.EmailSent;
import dev.tandem.events.Topics;
import dev.tandem.lead.Api;
import dev.tandem.testing.TestJwt;
import dev.tandem.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.tandem.lead.Api.as;
import static dev.tandem.lead.Api.assertProblem;
import static dev.tandem.lead.Api.createLead;
import static dev.tandem.lead.Api.uniqueEmail;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Activity ingestion, identification of anonymous visitors, and the timeline built from the topics. */
@QuarkusTest
class ActivityResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static int timelineTotal(String id, String query) {
        return as(TestJwt.ADMIN).get("/leads/" + id + "/timeline" + query).then().statusCode(200).extract().path("total");
    }

    @Test
    void aSingleActivityIsPublishedKeyedByLeadAndShowsOnTheTimeline() {
        String id = createLead(uniqueEmail("act"));
        try (TopicProbe probe = TopicProbe.fromNow(Topics.ACTIVITY_EVENTS)) {
            as(TestJwt.TRACKER).body(Map.of("leadId", id, "type", "page_view", "occurredAt", "2026-03-01T10:00:00Z",
                            "properties", Map.of("url", "https://example.com/料金", "title", "料金プラン", "scroll", 80),
                            "source", "web"))
                    .post("/activities").then().statusCode(202)
                    .body("accepted", equalTo(1)).body("rejected", empty());
            List<ConsumerRecord<String, byte[]>> records = probe.awaitRecords(r -> id.equals(r.key()), 1, WAIT);
            ActivityRecorded event = (ActivityRecorded) CloudEvents.fromRecord(records.get(0));
            assertEquals("page_view", event.activityType());
            assertEquals("料金プラン", event.properties().get("title"));
            assertEquals(Instant.parse("2026-03-01T10:00:00Z"), event.occurredAt());
            assertEquals("lead-service", CloudEvents.header(records.get(0).headers(), CloudEvents.H_SOURCE));
        }
        await().atMost(WAIT).until(() -> timelineTotal(id, "?types=page_view") == 1);
        as(TestJwt.MARKETING).get("/leads/" + id + "/timeline?types=page_view").then()
                .body("items[0].properties.title", equalTo("料金プラン"))
                .body("items[0].occurredAt", equalTo("2026-03-01T10:00:00Z"));
        await().atMost(WAIT).until(() -> "2026-03-01T10:00:00Z".equals(as(TestJwt.ADMIN).get("/leads/" + id).path("lastActivityAt")));
    }

    @Test
    void aBatchAcceptsTheGoodItemsAndNamesTheBadOnes() {
        String email = uniqueEmail("batch");
        String id = createLead(email);
        List<Object> batch = new ArrayList<>();
        batch.add(Map.of("email", email.toUpperCase(), "type", "form_submit", "properties", Map.of("formId", "f-1")));
        batch.add(Map.of("leadId", id, "type", "teleport"));
        batch.add(Map.of("leadId", id, "type", "visit", "occurredAt", Instant.now().plus(1, ChronoUnit.HOURS).toString()));
        batch.add(Map.of("leadId", "no-such-lead", "type", "call"));
        batch.add(Map.of("leadId", id, "type", "call", "occurredAt", "yesterday"));
        batch.add(Map.of("type", "chat"));
        batch.add(Map.of("leadId", id, "type", "custom:trial_started", "properties", Map.of("plan", "pro")));
        batch.add("not an object");
        batch.add(Map.of("leadId", id, "type", "meeting", "properties", Map.of("nested", Map.of("a", 1))));
        batch.add(Map.of("leadId", id, "type", "call", "mood", "happy"));
        as(TestJwt.TRACKER).body(batch).post("/activities").then().statusCode(202)
                .body("accepted", equalTo(2))
                .body("rejected.index", contains(1, 2, 3, 4, 5, 7, 8, 9))
                .body("rejected[0].problem.errors[0].field", equalTo("type"))
                .body("rejected[1].problem.errors[0].field", equalTo("occurredAt"))
                .body("rejected[2].problem.status", equalTo(404))
                .body("rejected[3].problem.errors[0].field", equalTo("occurredAt"))
                .body("rejected[4].problem.errors[0].field", equalTo("leadId"))
                .body("rejected[6].problem.errors[0].field", equalTo("properties.nested"))
                .body("rejected[7].problem.errors[0].field", equalTo("mood"));
        await().atMost(WAIT).until(() -> timelineTotal(id, "") >= 3);
        as(TestJwt.ADMIN).get("/leads/" + id + "/timeline?types=form_submit,custom:trial_started").then()
                .body("total", equalTo(2));
    }

    @Test
    void badRequestsAreProblemsAndPublishNothing() {
        String id = createLead(uniqueEmail("badact"));
        await().atMost(WAIT).until(() -> timelineTotal(id, "") == 1);
        assertProblem(as(TestJwt.TRACKER).body(Map.of("leadId", id, "type", "teleport")).post("/activities").then(), 400)
                .body("errors[0].field", equalTo("type"));
        assertProblem(as(TestJwt.TRACKER).body(Map.of("leadId", "nope", "type", "call")).post("/activities").then(), 404);
        assertProblem(as(TestJwt.TRACKER).body("[]").post("/activities").then(), 400);
        assertProblem(as(TestJwt.TRACKER).body("42").post("/activities").then(), 400);
        assertProblem(as(TestJwt.TRACKER).body("{\"leadId\": ").post("/activities").then(), 400);
        List<Object> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(Map.of("leadId", id, "type", "page_view"));
        }
        assertProblem(as(TestJwt.TRACKER).body(tooMany).post("/activities").then(), 400);
        assertProblem(as(TestJwt.SALES).body(Map.of("leadId", id, "type", "call")).post("/activities").then(), 403);
        // A good activity after the bad ones: once it shows, anything published before it would show too.
        as(TestJwt.TRACKER).body(Map.of("leadId", id, "type", "chat")).post("/activities").then().statusCode(202);
        await().atMost(WAIT).until(() -> timelineTotal(id, "?types=chat") == 1);
        assertEquals(2, timelineTotal(id, ""), "lead_created and the chat only");
    }

    @Test
    void anonymousActivityIsKeptUntilIdentifiedThenPublishedWithTheLeadId() {
        String email = uniqueEmail("anon");
        String anonymousId = "anon-" + UUID.randomUUID();
        as(TestJwt.TRACKER).body(List.of(
                        Map.of("anonymousId", anonymousId, "type", "page_view", "occurredAt", "2026-02-01T00:00:00Z"),
                        Map.of("anonymousId", anonymousId, "type", "content_download", "occurredAt", "2026-02-02T00:00:00Z")))
                .post("/activities").then().statusCode(202).body("accepted", equalTo(2));
        String id = createLead(email);
        try (TopicProbe probe = TopicProbe.fromNow(Topics.ACTIVITY_EVENTS)) {
            as(TestJwt.TRACKER).body(Map.of("anonymousId", anonymousId, "email", email)).post("/identify")
                    .then().statusCode(200).body("leadId", equalTo(id)).body("linked", equalTo(2));
            List<ActivityRecorded> events = probe.awaitEvents(ActivityRecorded.class, e -> e.leadId().equals(id), 2, WAIT);
            assertEquals(List.of("page_view", "content_download"), events.stream().map(ActivityRecorded::activityType).toList());
            assertEquals(anonymousId, events.get(0).anonymousId());
        }
        as(TestJwt.TRACKER).body(Map.of("anonymousId", anonymousId, "email", email)).post("/identify")
                .then().statusCode(200).body("linked", equalTo(0));
        // Later activity of the identified visitor goes to the lead directly.
        as(TestJwt.TRACKER).body(Map.of("anonymousId", anonymousId, "type", "page_view")).post("/activities")
                .then().statusCode(202).body("accepted", equalTo(1));
        await().atMost(WAIT).until(() -> timelineTotal(id, "?types=page_view,content_download") == 3);
        as(TestJwt.ADMIN).get("/leads/" + id + "/timeline?types=page_view,content_download&to=2026-02-03T00:00:00Z").then()
                .body("items.type", contains("page_view", "content_download"));

        assertProblem(as(TestJwt.TRACKER).body(Map.of("anonymousId", "a", "email", uniqueEmail("nobody"))).post("/identify").then(), 404);
        assertProblem(as(TestJwt.TRACKER).body(Map.of("anonymousId", "a")).post("/identify").then(), 400)
                .body("errors[0].field", equalTo("email"));
    }

    @Test
    void theTimelineShowsEveryTouchInTimeOrderWithFiltersAndPaging() {
        String id = createLead(uniqueEmail("tl"));
        as(TestJwt.TRACKER).body(List.of(
                Map.of("leadId", id, "type", "webinar_attended", "occurredAt", "2026-01-03T00:00:00Z"),
                Map.of("leadId", id, "type", "page_view", "occurredAt", "2026-01-01T00:00:00Z"),
                Map.of("leadId", id, "type", "email_click", "occurredAt", "2026-01-02T00:00:00Z"))).post("/activities")
                .then().statusCode(202);
        Api.send(new EmailSent(UUID.randomUUID(), Instant.parse("2026-01-01T12:00:00Z"), id, 1, "c-1", "s-1", "m-1", "ようこそ"));
        as(TestJwt.MARKETING).body(Map.of("stage", "mql")).post("/leads/" + id + "/stage").then().log().ifValidationFails().statusCode(200);

        await().atMost(WAIT).until(() -> timelineTotal(id, "") == 6);
        as(TestJwt.ADMIN).get("/leads/" + id + "/timeline?to=2026-02-01T00:00:00Z").then()
                .body("items.type", contains("page_view", "email_sent", "email_click", "webinar_attended"))
                .body("items[1].properties.subject", equalTo("ようこそ"));
        as(TestJwt.ADMIN).get("/leads/" + id + "/timeline?types=stage_changed").then()
                .body("items[0].properties.to", equalTo("mql"));
        as(TestJwt.ADMIN).get("/leads/" + id + "/timeline?from=2026-01-02T00:00:00Z&to=2026-01-03T00:00:00Z").then()
                .body("items.type", contains("email_click"));
        as(TestJwt.ADMIN).get("/leads/" + id + "/timeline?size=2&page=1&to=2026-02-01T00:00:00Z").then()
                .body("items.type", contains("email_click", "webinar_attended")).body("total", equalTo(4));
        as(TestJwt.ADMIN).get("/leads/" + id + "/timeline?order=desc&size=1").then()
                .body("items.type", hasItem("stage_changed"));
        assertProblem(as(TestJwt.ADMIN).get("/leads/" + id + "/timeline?from=soon").then(), 400);
        assertProblem(as(TestJwt.ADMIN).get("/leads/" + id + "/timeline?size=500").then(), 400);

        // Erase: the lead is gone and nothing of it stays on the timeline, even for activity arriving later.
        as(TestJwt.ADMIN).delete("/leads/" + id).then().statusCode(204);
        assertProblem(as(TestJwt.ADMIN).get("/leads/" + id + "/timeline").then(), 404);
        assertProblem(as(TestJwt.TRACKER).body(Map.of("leadId", id, "type", "page_view")).post("/activities").then(), 404);
    }
}
