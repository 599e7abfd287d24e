package dev.tandem.lead.rest;

import dev.tandem.events.LeadsMerged;
import dev.tandem.events.Topics;
import dev.tandem.testing.TestJwt;
import dev.tandem.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.tandem.lead.Api.as;
import static dev.tandem.lead.Api.assertProblem;
import static dev.tandem.lead.Api.createLead;
import static dev.tandem.lead.Api.uniqueEmail;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class MergeTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static int timelineTotal(String id, String types) {
        return as(TestJwt.ADMIN).get("/leads/" + id + "/timeline?types=" + types).then().statusCode(200).extract().path("total");
    }

    @Test
    void mergeKeepsOneLeadMovesActivitiesAndHistoryAndPublishesLeadsMerged() {
        String keptEmail = uniqueEmail("kept");
        String duplicateEmail = uniqueEmail("dupe");
        String kept = createLead(Map.of("email", keptEmail, "lastName", "Sato"));
        String duplicate = createLead(Map.of("email", duplicateEmail, "company", "Acme", "jobTitle", "CFO"));
        as(TestJwt.MARKETING).body(Map.of("stage", "mql")).post("/leads/" + duplicate + "/stage").then().statusCode(200);
        as(TestJwt.TRACKER).body(Map.of("leadId", duplicate, "type", "webinar_attended")).post("/activities").then().statusCode(202);
        await().atMost(WAIT).until(() -> timelineTotal(duplicate, "webinar_attended") == 1);

        try (TopicProbe probe = TopicProbe.fromNow(Topics.LEAD_EVENTS)) {
            as(TestJwt.MARKETING).body(Map.of("duplicateId", duplicate)).post("/leads/" + kept + "/merge").then()
                    .statusCode(200)
                    .body("id", equalTo(kept))
                    .body("email", equalTo(keptEmail))
                    .body("lastName", equalTo("Sato"))
                    .body("company", equalTo("Acme"))
                    .body("jobTitle", equalTo("CFO"));
            LeadsMerged merged = probe.awaitEvent(LeadsMerged.class, e -> e.leadId().equals(kept), WAIT);
            assertEquals(duplicate, merged.mergedLeadId());
            assertEquals("marketing-1", merged.by());
        }
        assertProblem(as(TestJwt.MARKETING).get("/leads/" + duplicate).then(), 404);
        assertEquals(1, timelineTotal(kept, "webinar_attended"));
        as(TestJwt.MARKETING).get("/leads/" + kept + "/history").then()
                .body("to", contains("lead", "lead", "mql"));
        // Activity sent to the merged id lands on the lead that remained; its email is free again.
        as(TestJwt.TRACKER).body(Map.of("leadId", duplicate, "type", "call")).post("/activities").then()
                .statusCode(202).body("accepted", equalTo(1));
        await().atMost(WAIT).until(() -> timelineTotal(kept, "call") == 1);
        createLead(duplicateEmail);
    }

    @Test
    void mergeRefusesItselfUnknownIdsAndMissingFields() {
        String id = createLead(uniqueEmail("m"));
        assertProblem(as(TestJwt.MARKETING).body(Map.of("duplicateId", id)).post("/leads/" + id + "/merge").then(), 400)
                .body("errors[0].field", equalTo("duplicateId"));
        assertProblem(as(TestJwt.MARKETING).body(Map.of("duplicateId", "nope")).post("/leads/" + id + "/merge").then(), 400)
                .body("errors[0].field", equalTo("duplicateId"));
        assertProblem(as(TestJwt.MARKETING).body(Map.of("duplicateId", id)).post("/leads/nope/merge").then(), 404);
        assertProblem(as(TestJwt.MARKETING).body("{}").post("/leads/" + id + "/merge").then(), 400)
                .body("errors[0].field", equalTo("duplicateId"));
        as(TestJwt.MARKETING).get("/leads/" + id).then().statusCode(200).body("version", equalTo(1));
    }
}
