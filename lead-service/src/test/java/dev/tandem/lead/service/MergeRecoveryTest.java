package dev.tandem.lead.service;

import dev.tandem.events.LeadsMerged;
import dev.tandem.events.Topics;
import dev.tandem.lead.messaging.LeadEventRelay;
import dev.tandem.lead.repository.LeadRepository;
import dev.tandem.platform.security.Caller;
import dev.tandem.testing.TestJwt;
import dev.tandem.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.tandem.lead.Api.as;
import static dev.tandem.lead.Api.createLead;
import static dev.tandem.lead.Api.uniqueEmail;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A merge whose process stopped after its first write (the remaining lead, with LeadsMerged in its outbox) and
 * before the second (the duplicate's pointer): the published LeadsMerged finishes it, and repeating the merge only
 * finishes it, never folding the duplicate in twice.
 */
@QuarkusTest
class MergeRecoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    LeadService service;
    @Inject
    LeadRepository leads;
    @Inject
    LeadEventRelay relay;

    /** Two leads, the duplicate moved to mql (a history entry of its own), and the merge's first write only. */
    private String[] interruptedMerge(String prefix) {
        String kept = createLead(Map.of("email", uniqueEmail(prefix + "-kept"), "lastName", "佐藤"));
        String duplicate = createLead(Map.of("email", uniqueEmail(prefix + "-dupe"), "company", "株式会社サンプル"));
        as(TestJwt.MARKETING).body(Map.of("stage", "mql")).post("/leads/" + duplicate + "/stage").then().statusCode(200);
        Document survivor = leads.findLive(kept).orElseThrow();
        Document absorbed = leads.findLive(duplicate).orElseThrow();
        assertNotNull(service.absorb(survivor, absorbed, Caller.system("test")));
        // As if the process stopped here: the duplicate is still a lead of its own (until the relay's next sweep,
        // at most a minute away, publishes the LeadsMerged).
        return new String[] {kept, duplicate};
    }

    @Test
    void thePublishedLeadsMergedFinishesAnInterruptedMerge() {
        String[] ids = interruptedMerge("recover");
        String kept = ids[0];
        String duplicate = ids[1];
        try (TopicProbe probe = TopicProbe.fromNow(Topics.LEAD_EVENTS)) {
            relay.announce(kept); // what the relay's sweep does after a restart
            probe.awaitEvent(LeadsMerged.class, e -> e.leadId().equals(kept), WAIT);
        }
        await().atMost(WAIT).untilAsserted(() -> as(TestJwt.MARKETING).get("/leads/" + duplicate).then().statusCode(404));
        as(TestJwt.MARKETING).get("/leads/" + kept).then().statusCode(200).body("company", equalTo("株式会社サンプル"));
        as(TestJwt.MARKETING).get("/leads/" + kept + "/history").then().body("to", contains("lead", "lead", "mql"));
    }

    @Test
    void repeatingAnInterruptedMergeOnlyFinishesIt() {
        String[] ids = interruptedMerge("repeat");
        String kept = ids[0];
        String duplicate = ids[1];
        int status = as(TestJwt.MARKETING).body(Map.of("duplicateId", duplicate)).post("/leads/" + kept + "/merge")
                .then().extract().statusCode();
        // 200: the repeated merge finished it. 400 only if a sweep published the LeadsMerged in the few milliseconds
        // since the first write and its consumption finished the merge first; either way nothing is folded twice.
        assertTrue(status == 200 || status == 400, "status " + status);
        await().atMost(WAIT).untilAsserted(() -> as(TestJwt.MARKETING).get("/leads/" + duplicate).then().statusCode(404));
        as(TestJwt.MARKETING).get("/leads/" + kept).then().body("company", equalTo("株式会社サンプル"));
        // The duplicate's history entries once, not twice.
        as(TestJwt.MARKETING).get("/leads/" + kept + "/history").then().body("to", contains("lead", "lead", "mql"));
        assertEquals(List.of(duplicate), leads.findLive(kept).orElseThrow().getList("mergedFrom", String.class));
    }
}
