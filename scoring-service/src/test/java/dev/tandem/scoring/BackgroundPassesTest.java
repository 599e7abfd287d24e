package dev.tandem.scoring;

import dev.tandem.scoring.service.ReevaluationJob;
import dev.tandem.testing.KafkaBrokerResource;
import dev.tandem.testing.MongoResource;
import dev.tandem.testing.TestJwt;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static dev.tandem.scoring.Fixtures.activity;
import static dev.tandem.scoring.Fixtures.as;
import static dev.tandem.scoring.Fixtures.send;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The hourly re-evaluation (and a rescore after a publish) walks every lead: the leads it reads must not push the ones
 * live traffic is scoring out of the cache of recent leads, or the next batches go back to the store.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MongoResource.class)
@TestProfile(BackgroundPassesTest.SmallCache.class)
class BackgroundPassesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int QUIET_LEADS = 30;

    /** A cache of 20 activities: fewer than the quiet leads hold, so a pass that cached what it read would evict. */
    public static class SmallCache implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tandem.scoring.cached-activities", "20");
        }
    }

    @Inject
    ReevaluationJob reevaluation;
    @Inject
    MeterRegistry meters;

    @Test
    void aReevaluationLeavesTheCacheToTheLeadsLiveTrafficScores() {
        String modelId = Fixtures.createAndPublish(Fixtures.model("Cache", 60));
        // The rescore after a publish writes every lead already stored (by other tests too): let it finish first.
        await().atMost(WAIT).untilAsserted(() -> as(TestJwt.MARKETING).get("/models/" + modelId + "/rescore").then()
                .statusCode(200).body("state", equalTo("DONE")));
        double scored = counter("tandem.scoring.activities.scored");
        for (int i = 0; i < QUIET_LEADS; i++) {
            send(activity("quiet-" + UUID.randomUUID(), "page_view", Instant.now(), Map.of("url", "/blog")));
        }
        await().atMost(WAIT).until(() -> counter("tandem.scoring.activities.scored") >= scored + QUIET_LEADS);
        String hot = "hot-" + UUID.randomUUID();
        send(activity(hot, "page_view", Instant.now(), Map.of("url", "/pricing")));
        awaitLedgerLines(hot, 1);

        reevaluation.run(Instant.now());

        double read = counter("tandem.scoring.leads.read");
        send(activity(hot, "page_view", Instant.now(), Map.of("url", "/pricing")));
        awaitLedgerLines(hot, 2);
        assertEquals(read, counter("tandem.scoring.leads.read"), "the hot lead's state came from the cache");
    }

    private double counter(String name) {
        return meters.counter(name).count();
    }

    private static void awaitLedgerLines(String leadId, int lines) {
        await().atMost(WAIT).untilAsserted(() -> as(TestJwt.MARKETING).get("/scores/" + leadId).then().statusCode(200)
                .body("scores[0].ledger.behaviour", hasSize(lines)));
    }
}
