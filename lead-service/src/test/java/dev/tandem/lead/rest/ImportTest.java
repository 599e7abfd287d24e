package dev.tandem.lead.rest;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import dev.tandem.events.LeadCreated;
import dev.tandem.events.ScoreChanged;
import dev.tandem.events.Topics;
import dev.tandem.platform.outbox.PendingEvent;
import dev.tandem.lead.Api;
import dev.tandem.lead.repository.LeadRepository;
import dev.tandem.testing.TopicProbe;
import dev.tandem.testing.TestJwt;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.tandem.lead.Api.as;
import static dev.tandem.lead.Api.assertProblem;
import static dev.tandem.lead.Api.createLead;
import static dev.tandem.lead.Api.uniqueEmail;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class ImportTest {

    @Inject
    MongoClient mongo;

    private List<String> pendingEventIds(String leadId) {
        Document lead = mongo.getDatabase("tandem_leads").getCollection(LeadRepository.COLLECTION)
                .find(Filters.eq("_id", leadId)).first();
        return PendingEvent.of(lead).stream().map(PendingEvent::eventId).toList();
    }

    private static Response importCsv(byte[] csv) {
        return as(TestJwt.MARKETING).contentType("text/csv; charset=UTF-8").body(csv).post("/leads/import");
    }

    @Test
    void tenThousandRowsWithBadRowsInThemImportTheGoodOnes() {
        String campaign = "csv-" + UUID.randomUUID();
        String existingEmail = uniqueEmail("existing");
        String existing = createLead(existingEmail);
        StringBuilder csv = new StringBuilder("\uFEFFemail,firstName,lastName,company,companySize,country,campaign,attributes.plan\r\n");
        csv.append(existingEmail.toUpperCase()).append(",Updated,,\"Acme, Inc.\",10,JP,").append(campaign).append(",pro\r\n");
        int bad = 0;
        for (int i = 1; i < 10_000; i++) {
            if (i % 1000 == 0) {
                csv.append("not-an-email,X,Y,Z,1,JP,").append(campaign).append(",\r\n");
                bad++;
            } else if (i % 1000 == 500) {
                csv.append("row").append(i).append("@csv.example,X,Y,Z,many,JP,").append(campaign).append(",\r\n");
                bad++;
            } else if (i == 7777) {
                csv.append("short@csv.example,only-three-cells,x\r\n");
                bad++;
            } else {
                csv.append("row").append(i).append('-').append(campaign).append("@csv.example,太郎,山田,\"株式会社\"\"テスト\"\"\",")
                        .append(i % 500).append(",JP,").append(campaign).append(",free\n");
            }
        }
        int good = 9_999 - bad;
        Response response = importCsv(csv.toString().getBytes(StandardCharsets.UTF_8));
        response.then().statusCode(200)
                .body("status", equalTo("done"))
                .body("created", equalTo(good))
                .body("updated", equalTo(1))
                .body("skipped", equalTo(bad))
                .body("errors", hasSize(bad))
                .body("errors.field", hasItem("email"))
                .body("errors.field", hasItem("companySize"))
                .body("errors.field", hasItem("row"))
                .body("errors.line", hasItem(502));
        as(TestJwt.MARKETING).get("/leads/" + existing).then()
                .body("firstName", equalTo("Updated")).body("company", equalTo("Acme, Inc."))
                .body("attributes.plan", equalTo("pro"));
        as(TestJwt.MARKETING).queryParam("campaign", campaign).queryParam("size", 1).get("/leads").then()
                .body("total", equalTo(good + 1));
        as(TestJwt.MARKETING).queryParam("campaign", campaign).queryParam("q", "row1-").get("/leads").then()
                .body("items[0].company", equalTo("株式会社\"テスト\"")).body("items[0].lastName", equalTo("山田"));
        as(TestJwt.MARKETING).get("/leads/imports/" + response.path("id")).then().statusCode(200)
                .body("status", equalTo("done")).body("created", equalTo(good));
    }

    @Test
    void progressCanBeFollowedWhileAnAsyncImportRuns() {
        String campaign = "async-" + UUID.randomUUID();
        StringBuilder csv = new StringBuilder("email,campaign\n");
        for (int i = 0; i < 3000; i++) {
            csv.append("a").append(i).append('-').append(campaign).append("@csv.example,").append(campaign).append('\n');
        }
        try (TopicProbe probe = TopicProbe.fromNow(Topics.LEAD_EVENTS)) {
            Response started = as(TestJwt.MARKETING).contentType("text/csv").header("Prefer", "respond-async")
                    .body(csv.toString()).post("/leads/import");
            started.then().statusCode(202).body("status", equalTo("running"));
            String location = started.header("Location");
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    "done".equals(as(TestJwt.MARKETING).get(location).path("status")));
            as(TestJwt.MARKETING).get(location).then().body("created", equalTo(3000)).body("skipped", equalTo(0));
            // Every imported lead is announced once its write is done.
            assertEquals(3000, probe.awaitEvents(LeadCreated.class, e -> campaign.equals(e.lead().campaign()), 3000,
                    Duration.ofSeconds(60)).stream().map(LeadCreated::leadId).distinct().count());
        }
    }

    @Test
    void anImportedLeadsPublishedEventLeavesItsOutboxWithTheLeadsNextWrite() {
        String campaign = "deferred-" + UUID.randomUUID();
        String email = uniqueEmail("deferred");
        try (TopicProbe probe = TopicProbe.fromNow(Topics.LEAD_EVENTS)) {
            importCsv(("email,campaign\n" + email + "," + campaign + "\n").getBytes(StandardCharsets.UTF_8))
                    .then().statusCode(200).body("created", equalTo(1));
            LeadCreated created = probe.awaitEvent(LeadCreated.class, e -> campaign.equals(e.lead().campaign()),
                    Duration.ofSeconds(20));
            String id = created.leadId();
            // Published, but no write of its own removes it (the removal delay is 2 minutes here)...
            assertEquals(List.of(created.eventId().toString()), pendingEventIds(id));
            // ...the lead's next write does: the score scoring-service sends back for the new lead.
            Api.send(new ScoreChanged(UUID.randomUUID(), Instant.now(), id, 1, "m", 1, true, 42, 42, 0, "B", null, null));
            await().atMost(Duration.ofSeconds(20)).until(() -> as(TestJwt.MARKETING).get("/leads/" + id).path("score") != null);
            assertEquals(List.of(), pendingEventIds(id));
            // And it was published once.
            assertEquals(1, probe.eventsAfter(Duration.ofSeconds(3), LeadCreated.class, e -> e.leadId().equals(id)).size());
        }
    }

    @Test
    void badCsvIsA400AndImportsNothing() {
        long before = Api.leadCount();
        assertProblem(importCsv("firstName,shoeSize\nAda,42\n".getBytes(StandardCharsets.UTF_8)).then(), 400)
                .body("errors.field", hasItem("header[1]"))
                .body("errors.field", hasItem("header"));
        assertProblem(importCsv(new byte[0]).then(), 400);
        assertProblem(importCsv(new byte[]{'e', 'm', 'a', 'i', 'l', '\n', (byte) 0xC3, (byte) 0x28, '\n'}).then(), 400)
                .body("detail", equalTo("body: the CSV is not valid UTF-8"));
        assertProblem(as(TestJwt.MARKETING).contentType("application/json").body("{}").post("/leads/import").then(), 415);
        assertProblem(as(TestJwt.MARKETING).get("/leads/imports/nope").then(), 404);
        assertEquals(before, Api.leadCount());
    }

    @Test
    void anUnclosedQuoteStopsTheImportAtThatLineKeepingTheRowsBefore() {
        String email = uniqueEmail("quote");
        Response response = importCsv(("email,company\n" + email + ",Fine\nbroken@csv.example,\"never closed\n")
                .getBytes(StandardCharsets.UTF_8));
        response.then().statusCode(200).body("status", equalTo("failed")).body("created", equalTo(1)).body("skipped", equalTo(1))
                .body("errors[0].line", equalTo(3));
    }
}
