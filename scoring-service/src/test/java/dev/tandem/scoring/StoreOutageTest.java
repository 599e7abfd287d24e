package dev.tandem.scoring;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.Topics;
import dev.tandem.scoring.repository.LeadRepository;
import dev.tandem.platform.http.Problem;
import dev.tandem.testing.MongoOutage;
import dev.tandem.testing.TestJwt;
import dev.tandem.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.tandem.scoring.Fixtures.activity;
import static dev.tandem.scoring.Fixtures.as;
import static dev.tandem.scoring.Fixtures.send;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MongoDB goes away under the service ({@link MongoOutage}) for longer than any fixed number of retries would wait
 * (server selection gives up after 1 s here): activities consumed meanwhile are neither lost nor dead-lettered, and
 * once the store is back each is scored once. Meanwhile a request answers 503 problem+json with Retry-After.
 */
@QuarkusTest
@TestProfile(MongoOutage.Profile.class)
class StoreOutageTest {

    @Test
    void activitiesConsumedWhileTheStoreIsDownAreScoredOnceWhenItIsBack() throws Exception {
        String modelId = Fixtures.createAndPublish(Fixtures.model("Store outage", 60));
        String lead = "lead-" + UUID.randomUUID();
        ActivityRecorded demo = activity(lead, "form_submit", Instant.now(), Map.of("form", "demo"));
        ActivityRecorded pageView = activity(lead, "page_view", Instant.now(), Map.of("url", "/料金"));

        try (TopicProbe deadLetters = TopicProbe.fromNow(Topics.deadLetterOf(Topics.ACTIVITY_EVENTS));
             MongoClient direct = MongoClients.create(MongoOutage.directConnectionString())) {
            MongoOutage.down();
            try {
                send(demo);
                send(pageView);
                send(pageView);
                // The old policy gave up after five attempts (~7 s here) and dead-lettered the batch.
                TimeUnit.SECONDS.sleep(12);
                assertNull(direct.getDatabase("tandem_scoring").getCollection(LeadRepository.COLLECTION)
                        .find(Filters.eq("_id", lead)).first(), "nothing can be stored while the store is down");
                as(TestJwt.MARKETING).get("/scores/" + lead).then().statusCode(503)
                        .contentType(Problem.MEDIA_TYPE).header("Retry-After", "5")
                        .body("type", equalTo("https://tandem.dev/problems/store-unavailable"));
            } finally {
                MongoOutage.up();
            }

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(TestJwt.MARKETING).get("/scores/" + lead)
                    .then().statusCode(200)
                    .body("scores.find { it.modelId == '" + modelId + "' }.total", equalTo(70.0f))
                    .body("scores.find { it.modelId == '" + modelId + "' }.ledger.behaviour", hasSize(2)));
            assertEquals(List.of(), deadLetters.eventsAfter(Duration.ofSeconds(3), ActivityRecorded.class,
                    event -> event.leadId().equals(lead)));
            // What an operator's alert would watch: attempts that found the store unreachable, per channel.
            String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
            Matcher waits = Pattern.compile("(?m)^tandem_intake_store_waits_total\\{channel=\"activities\"[^}]*} ([0-9.]+)")
                    .matcher(metrics);
            assertTrue(waits.find() && Double.parseDouble(waits.group(1)) >= 2, "store waits counted");
        }
    }
}
