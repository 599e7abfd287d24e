package dev.tandem.lead.rest;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.Topics;
import dev.tandem.lead.LeadInput;
import dev.tandem.lead.repository.IdempotencyKeys;
import dev.tandem.lead.repository.LeadsDatabase;
import dev.tandem.lead.service.LeadService;
import dev.tandem.platform.idempotency.Idempotency;
import dev.tandem.platform.idempotency.IdempotencyKey;
import dev.tandem.platform.idempotency.IdempotencyRecord;
import dev.tandem.platform.idempotency.IdempotencyStore;
import dev.tandem.platform.security.Caller;
import dev.tandem.testing.TestJwt;
import dev.tandem.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Header;
import io.restassured.http.Headers;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static dev.tandem.lead.Api.as;
import static dev.tandem.lead.Api.assertProblem;
import static dev.tandem.lead.Api.createLead;
import static dev.tandem.lead.Api.uniqueEmail;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Idempotency-Key on POST /activities, /identify and /leads, and the deterministic event ids behind it. */
@QuarkusTest
class IdempotencyTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TRACKER = "tracker-1";

    @Inject
    LeadsDatabase database;

    @Inject
    IdempotencyStore store;

    @Inject
    Idempotency idempotency;

    @Inject
    LeadService leadService;

    private MongoCollection<Document> records() {
        return database.collection(IdempotencyKeys.COLLECTION);
    }

    private static String newKey() {
        return "key-" + UUID.randomUUID();
    }

    private static Response post(String path, String key, String body) {
        return as(TestJwt.TRACKER).header(Idempotency.HEADER, key).body(body).post(path);
    }

    private static String activities(String leadId, int count) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add("{\"leadId\":\"" + leadId + "\",\"type\":\"page_view\",\"properties\":{\"n\":" + i + "}}");
        }
        return "[" + String.join(",", items) + "]";
    }

    private static int timelineTotal(String id) {
        return as(TestJwt.ADMIN).get("/leads/" + id + "/timeline").then().statusCode(200).extract().path("total");
    }

    /**
     * Publishes one activity without a key and waits until the probe read it: activity.events is read in order per
     * lead, so everything the requests before it published for this lead has been read too.
     */
    private static List<ActivityRecorded> eventsUpToMarker(TopicProbe probe, String leadId) {
        as(TestJwt.TRACKER).body(Map.of("leadId", leadId, "type", "custom:marker")).post("/activities")
                .then().statusCode(202);
        probe.awaitEvents(ActivityRecorded.class, e -> e.leadId().equals(leadId)
                && e.activityType().equals("custom:marker"), 1, WAIT);
        return probe.records().stream().map(dev.tandem.events.CloudEvents::fromRecord)
                .filter(ActivityRecorded.class::isInstance).map(ActivityRecorded.class::cast)
                .filter(e -> e.leadId().equals(leadId) && !e.activityType().equals("custom:marker"))
                .toList();
    }

    private static String sha256(String body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aReplayAnswersTheFirstAnswerAndPublishesNothingNew() {
        String id = createLead(uniqueEmail("idem"));
        String key = newKey();
        String body = "[" + activities(id, 2).substring(1, activities(id, 2).length() - 1)
                + ",{\"leadId\":\"" + id + "\",\"type\":\"teleport\"}]";
        try (TopicProbe probe = TopicProbe.fromNow(Topics.ACTIVITY_EVENTS)) {
            Response first = post("/activities", key, body);
            first.then().statusCode(202).body("accepted", equalTo(2)).body("rejected[0].index", equalTo(2));
            assertNull(first.getHeader(Idempotency.REPLAYED));
            probe.awaitEvents(ActivityRecorded.class, e -> e.leadId().equals(id), 2, WAIT);

            Response replay = post("/activities", key, body);
            replay.then().statusCode(202).header(Idempotency.REPLAYED, "true").contentType("application/json");
            assertEquals(first.asString(), replay.asString());

            assertEquals(2, eventsUpToMarker(probe, id).size(), "the replay published nothing");
        }
        await().atMost(WAIT).until(() -> timelineTotal(id) == 4); // created, 2 page views, the marker
        List<Document> kept = records().find(Filters.eq("key", key)).into(new ArrayList<>());
        assertEquals(1, kept.size());
        assertEquals(202, kept.get(0).getInteger("status"));
        assertEquals(TRACKER, kept.get(0).getString("caller"));
        assertEquals("/activities", kept.get(0).getString("path"));
    }

    @Test
    void reusingAKeyForAnotherRequestIs422AndChangesNothing() {
        String id = createLead(uniqueEmail("idem422"));
        String key = newKey();
        try (TopicProbe probe = TopicProbe.fromNow(Topics.ACTIVITY_EVENTS)) {
            Response first = post("/activities", key, activities(id, 1));
            first.then().statusCode(202);
            assertProblem(post("/activities", key, activities(id, 2)).then(), 422)
                    .body("type", equalTo("https://tandem.dev/problems/idempotency-key-reused"))
                    .body("instance", equalTo("/activities"));
            assertProblem(post("/identify", key, "{\"anonymousId\":\"a-1\",\"email\":\"x@example.com\"}").then(), 422);
            // The key still answers its own request.
            Response replay = post("/activities", key, activities(id, 1));
            replay.then().statusCode(202).header(Idempotency.REPLAYED, "true");
            assertEquals(first.asString(), replay.asString());
            assertEquals(1, eventsUpToMarker(probe, id).size());
        }
    }

    @Test
    void concurrentRequestsWithOneKeyHaveExactlyOneEffect() throws Exception {
        String id = createLead(uniqueEmail("idemrace"));
        String key = newKey();
        String body = activities(id, 300);
        int clients = 6;
        List<Response> answers = new ArrayList<>();
        try (TopicProbe probe = TopicProbe.fromNow(Topics.ACTIVITY_EVENTS)) {
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                List<Callable<Response>> calls = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    calls.add(() -> post("/activities", key, body));
                }
                for (Future<Response> answer : pool.invokeAll(calls)) {
                    answers.add(answer.get());
                }
            } finally {
                pool.shutdown();
            }
            List<ActivityRecorded> events = eventsUpToMarker(probe, id);
            assertEquals(300, events.size(), "one effect");
            assertEquals(300, events.stream().map(ActivityRecorded::eventId).distinct().count());
        }
        long ran = answers.stream().filter(a -> a.statusCode() == 202 && a.getHeader(Idempotency.REPLAYED) == null).count();
        assertEquals(1, ran, "exactly one request ran");
        for (Response answer : answers) {
            assertTrue(answer.statusCode() == 202 || answer.statusCode() == 409, "status " + answer.statusCode());
            if (answer.statusCode() == 409) {
                answer.then().contentType("application/problem+json").header("Retry-After", notNullValue())
                        .body("type", equalTo("https://tandem.dev/problems/idempotency-key-in-use"));
            } else {
                answer.then().body("accepted", equalTo(300));
            }
        }
    }

    @Test
    void anAttemptInProgressIs409UntilItsLeaseEndsThenARetryTakesOver() throws Exception {
        String id = createLead(uniqueEmail("idemlease"));
        String key = newKey();
        String body = activities(id, 3);
        IdempotencyKey idempotencyKey = new IdempotencyKey(TRACKER, key);
        Instant now = Instant.now();
        store.insert(new IdempotencyRecord(idempotencyKey.storeId(), TRACKER, key, "POST", "/activities", sha256(body),
                "running", now, now, null));
        try (TopicProbe probe = TopicProbe.fromNow(Topics.ACTIVITY_EVENTS)) {
            Response busy = post("/activities", key, body);
            assertProblem(busy.then(), 409).header("Retry-After", notNullValue());
            assertTrue(Integer.parseInt(busy.getHeader("Retry-After")) >= 1);

            // The owner died 31 s ago: past the 30 s lease, the retry takes the key over and runs.
            Instant then = now.minusSeconds(31);
            assertTrue(store.replace(idempotencyKey.storeId(), "running", new IdempotencyRecord(idempotencyKey.storeId(),
                    TRACKER, key, "POST", "/activities", sha256(body), "dead", then, then, null)));
            Response retry = post("/activities", key, body);
            retry.then().statusCode(202).body("accepted", equalTo(3));
            assertNull(retry.getHeader(Idempotency.REPLAYED));
            List<ActivityRecorded> events = eventsUpToMarker(probe, id);
            assertEquals(3, events.size());
            assertEquals(Set.of(idempotencyKey.derive("activity", "0"), idempotencyKey.derive("activity", "1"),
                    idempotencyKey.derive("activity", "2")), events.stream().map(ActivityRecorded::eventId).collect(Collectors.toSet()));
        }
        assertEquals(202, store.find(idempotencyKey.storeId()).orElseThrow().answer().status());
    }

    @Test
    void malformedKeysAre400AndPublishNothing() {
        String id = createLead(uniqueEmail("idem400"));
        String body = activities(id, 1);
        try (TopicProbe probe = TopicProbe.fromNow(Topics.ACTIVITY_EVENTS)) {
            for (String bad : List.of("", "x".repeat(256), "tab\there", "\"unterminated\\\"")) {
                assertProblem(post("/activities", bad, body).then(), 400)
                        .body("type", equalTo("https://tandem.dev/problems/invalid-idempotency-key"))
                        .body("errors[0].field", equalTo(Idempotency.HEADER));
            }
            assertProblem(as(TestJwt.TRACKER).headers(new Headers(new Header(Idempotency.HEADER, "a"),
                    new Header(Idempotency.HEADER, "b"))).body(body).post("/activities").then(), 400);
            assertEquals(0, eventsUpToMarker(probe, id).size());
        }
        // A bare value and the draft's sf-string spelling are the same key.
        String key = newKey();
        post("/activities", key, body).then().statusCode(202);
        post("/activities", "\"" + key + "\"", body).then().statusCode(202).header(Idempotency.REPLAYED, "true");
    }

    @Test
    void aClientActivityIdBecomesTheEventIdAndAResendIsCountedOnce() {
        String id = createLead(uniqueEmail("idemid"));
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        String body = "[{\"id\":\"" + first + "\",\"leadId\":\"" + id + "\",\"type\":\"call\"},"
                + "{\"id\":\"" + second + "\",\"leadId\":\"" + id + "\",\"type\":\"visit\"}]";
        try (TopicProbe probe = TopicProbe.fromNow(Topics.ACTIVITY_EVENTS)) {
            as(TestJwt.TRACKER).body(body).post("/activities").then().statusCode(202).body("accepted", equalTo(2));
            // Resent without a key (a client that never got the answer): the same events again.
            as(TestJwt.TRACKER).body(body).post("/activities").then().statusCode(202).body("accepted", equalTo(2));
            List<ActivityRecorded> events = eventsUpToMarker(probe, id);
            assertEquals(List.of(first, second, first, second), events.stream().map(ActivityRecorded::eventId).toList());
        }
        await().atMost(WAIT).until(() -> timelineTotal(id) == 4); // created, call, visit, marker: each once
        assertProblem(as(TestJwt.TRACKER).body(Map.of("id", "not-a-uuid", "leadId", id, "type", "call"))
                .post("/activities").then(), 400).body("errors[0].field", equalTo("id"));
    }

    @Test
    void aRetryOfAnAttemptThatDiedBeforeRecordingPublishesTheSameEventsAndCountsOnce() {
        String id = createLead(uniqueEmail("idemcrash"));
        String anonymousId = "anon-" + UUID.randomUUID();
        String key = newKey();
        String body = "[{\"leadId\":\"" + id + "\",\"type\":\"page_view\"},{\"leadId\":\"" + id
                + "\",\"type\":\"form_submit\"},{\"anonymousId\":\"" + anonymousId + "\",\"type\":\"page_view\"}]";
        IdempotencyKey idempotencyKey = new IdempotencyKey(TRACKER, key);
        try (TopicProbe probe = TopicProbe.fromNow(Topics.ACTIVITY_EVENTS)) {
            post("/activities", key, body).then().statusCode(202).body("accepted", equalTo(3));
            // As if the process had died after Kafka's acknowledgement and before the answer was kept: no record.
            IdempotencyRecord kept = store.find(idempotencyKey.storeId()).orElseThrow();
            store.release(kept.id(), kept.owner());
            Response retry = post("/activities", key, body);
            retry.then().statusCode(202).body("accepted", equalTo(3));
            assertNull(retry.getHeader(Idempotency.REPLAYED));
            List<ActivityRecorded> events = eventsUpToMarker(probe, id);
            assertEquals(4, events.size(), "published twice");
            assertEquals(2, events.stream().map(ActivityRecorded::eventId).distinct().count(), "as the same two events");
        }
        await().atMost(WAIT).until(() -> timelineTotal(id) == 4); // created, page view, form submit, marker
        String email = as(TestJwt.ADMIN).get("/leads/" + id).then().extract().path("email");
        as(TestJwt.TRACKER).body(Map.of("anonymousId", anonymousId, "email", email)).post("/identify")
                .then().statusCode(200).body("linked", equalTo(1));
        await().atMost(WAIT).until(() -> timelineTotal(id) == 5);
    }

    @Test
    void answersArePurgedAfterTheRetentionAndTheKeyThenRunsAgain() {
        String id = createLead(uniqueEmail("idempurge"));
        String key = newKey();
        String storeId = new IdempotencyKey(TRACKER, key).storeId();
        post("/activities", key, activities(id, 1)).then().statusCode(202);
        idempotency.purgeExpired(Instant.now().plus(Duration.ofHours(23)));
        assertTrue(store.find(storeId).isPresent(), "kept within the 24 h retention");
        post("/activities", key, activities(id, 1)).then().statusCode(202).header(Idempotency.REPLAYED, "true");

        assertTrue(idempotency.purgeExpired(Instant.now().plus(Duration.ofHours(25))) >= 1);
        assertTrue(store.find(storeId).isEmpty());
        Response again = post("/activities", key, activities(id, 1));
        again.then().statusCode(202);
        assertNull(again.getHeader(Idempotency.REPLAYED), "a purged key is new");
    }

    @Test
    void validationFailuresAreNotKept() {
        String key = newKey();
        assertProblem(post("/activities", key, "{\"leadId\":\"no-such-lead\",\"type\":\"call\"}").then(), 404);
        assertTrue(store.find(new IdempotencyKey(TRACKER, key).storeId()).isEmpty());
        // The client fixes its request and retries with the same key: it runs.
        String id = createLead(uniqueEmail("idemfix"));
        post("/activities", key, activities(id, 1)).then().statusCode(202).body("accepted", equalTo(1));
    }

    @Test
    void keysBelongToTheirCaller() {
        String id = createLead(uniqueEmail("idemcaller"));
        String key = newKey();
        post("/activities", key, activities(id, 1)).then().statusCode(202);
        Response other = as(TestJwt.TRACKER, "tracker-2").header(Idempotency.HEADER, key).body(activities(id, 1))
                .post("/activities");
        other.then().statusCode(202);
        assertNull(other.getHeader(Idempotency.REPLAYED));
    }

    @Test
    void aCreateWithAKeyReplaysAndARetryAfterACrashFindsTheLeadItMade() {
        String email = uniqueEmail("idemlead");
        String key = newKey();
        String body = "{\"email\":\"" + email + "\",\"firstName\":\"花子\"}";
        Response created = as(TestJwt.MARKETING).header(Idempotency.HEADER, key).body(body).post("/leads");
        created.then().statusCode(201).header("Location", notNullValue());
        String id = created.path("id");
        assertEquals(new IdempotencyKey("marketing-1", key).derive("lead").toString(), id);
        Response replay = as(TestJwt.MARKETING).header(Idempotency.HEADER, key).body(body).post("/leads");
        replay.then().statusCode(201).header(Idempotency.REPLAYED, "true").header("Location", created.getHeader("Location"));
        assertEquals(created.asString(), replay.asString());

        // The first attempt stored its lead and died before answering: the retry answers that lead, not a duplicate.
        String crashedKey = newKey();
        String otherEmail = uniqueEmail("idemlead2");
        String lost = leadService.create(new ObjectMapperHolder().input(otherEmail), Caller.system("marketing-1"),
                new IdempotencyKey("marketing-1", crashedKey).derive("lead").toString()).id();
        as(TestJwt.MARKETING).header(Idempotency.HEADER, crashedKey).body(Map.of("email", otherEmail)).post("/leads")
                .then().statusCode(201).body("id", equalTo(lost)).header("Location", org.hamcrest.Matchers.endsWith("/leads/" + lost));
        // Without a key, the same email is still a duplicate.
        assertProblem(as(TestJwt.MARKETING).body(Map.of("email", otherEmail)).post("/leads").then(), 409);
        assertNotEquals(id, lost);
    }

    @Test
    void anIdentifyWithAKeyReplaysItsAnswer() {
        String email = uniqueEmail("idemident");
        String anonymousId = "anon-" + UUID.randomUUID();
        as(TestJwt.TRACKER).body(Map.of("anonymousId", anonymousId, "type", "page_view")).post("/activities")
                .then().statusCode(202);
        createLead(email);
        String key = newKey();
        String body = "{\"anonymousId\":\"" + anonymousId + "\",\"email\":\"" + email + "\"}";
        post("/identify", key, body).then().statusCode(200).body("linked", equalTo(1));
        post("/identify", key, body).then().statusCode(200).body("linked", equalTo(1))
                .header(Idempotency.REPLAYED, "true");
        assertNotNull(store.find(new IdempotencyKey(TRACKER, key).storeId()).orElseThrow().answer());
    }

    /** A LeadInput with only an email, built the way the resource's body reader builds it. */
    private static final class ObjectMapperHolder {
        LeadInput input(String email) {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules()
                        .readValue("{\"email\":\"" + email + "\"}", LeadInput.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
