package dev.tandem.lead.messaging;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.CloudEvents;
import dev.tandem.events.LeadQualified;
import dev.tandem.events.TandemEvent;
import dev.tandem.events.Topics;
import dev.tandem.lead.Api;
import dev.tandem.platform.http.Problem;
import dev.tandem.lead.repository.LeadRepository;
import dev.tandem.testing.MongoOutage;
import dev.tandem.testing.TestJwt;
import dev.tandem.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static dev.tandem.lead.Api.as;
import static dev.tandem.lead.Api.createLead;
import static dev.tandem.lead.Api.uniqueEmail;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * MongoDB goes away under the service ({@link MongoOutage}; server selection gives up after 1 s here): an activity
 * and a qualification consumed meanwhile are neither lost nor dead-lettered, and take effect once when the store is
 * back; meanwhile a request answers 503 problem+json with Retry-After. The old policy applied a failed batch's events one by one and dead-lettered each that failed: all of them.
 */
@QuarkusTest
@TestProfile(MongoOutage.Profile.class)
class StoreOutageTest {

    @Test
    void eventsConsumedWhileTheStoreIsDownTakeEffectOnceWhenItIsBack() throws Exception {
        String id = createLead(uniqueEmail("store-outage"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TandemEvent visit = new ActivityRecorded(UUID.randomUUID(), now, id, 1, "page_view", null, "web",
                Map.of("url", "/料金"));
        TandemEvent qualified = new LeadQualified(UUID.randomUUID(), now, id, 1, "m", 1, 75, 30);

        try (TopicProbe activityDeadLetters = TopicProbe.fromNow(Topics.deadLetterOf(Topics.ACTIVITY_EVENTS));
             TopicProbe scoreDeadLetters = TopicProbe.fromNow(Topics.deadLetterOf(Topics.SCORE_EVENTS));
             MongoClient direct = MongoClients.create(MongoOutage.directConnectionString())) {
            MongoOutage.down();
            try {
                Api.sendAll(List.of(CloudEvents.toRecord(visit, "test"), CloudEvents.toRecord(qualified, "test"),
                        CloudEvents.toRecord(visit, "test")));
                TimeUnit.SECONDS.sleep(8);
                Document stored = direct.getDatabase("tandem_leads").getCollection(LeadRepository.COLLECTION)
                        .find(Filters.eq("_id", id)).first();
                assertEquals("lead", stored.getString("stage"), "nothing can change while the store is down");
                as(TestJwt.ADMIN).get("/leads/" + id).then().statusCode(503)
                        .contentType(Problem.MEDIA_TYPE).header("Retry-After", "5")
                        .body("type", equalTo("https://tandem.dev/problems/store-unavailable"))
                        .body("instance", equalTo("/leads/" + id));
            } finally {
                MongoOutage.up();
            }

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                as(TestJwt.ADMIN).get("/leads/" + id).then().statusCode(200).body("stage", equalTo("mql"));
                as(TestJwt.ADMIN).get("/leads/" + id + "/timeline?types=page_view").then().statusCode(200)
                        .body("total", equalTo(1));
            });
            assertEquals(0, activityDeadLetters.eventsAfter(Duration.ofSeconds(2), TandemEvent.class,
                    event -> event.leadId().equals(id)).size());
            assertEquals(0, scoreDeadLetters.eventsAfter(Duration.ofSeconds(1), TandemEvent.class,
                    event -> event.leadId().equals(id)).size());
        }
    }
}
