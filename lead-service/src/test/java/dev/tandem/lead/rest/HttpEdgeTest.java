package dev.tandem.lead.rest;

import dev.tandem.events.CloudEvents;
import dev.tandem.events.Topics;
import dev.tandem.lead.Api;
import dev.tandem.testing.TestJwt;
import dev.tandem.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.tandem.lead.Api.as;
import static dev.tandem.lead.Api.assertProblem;
import static dev.tandem.lead.Api.uniqueEmail;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** platform's HTTP edge as lead-service's clients meet it: body caps (also chunked) and the request id. */
@QuarkusTest
class HttpEdgeTest {

    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    /** A body sent without Content-Length, in chunks (REST Assured streams an InputStream that way). */
    private static ByteArrayInputStream chunked(String body) {
        return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aChunkedBodyOverTheCapIsRefusedWith413AndCreatesNothing() {
        long before = Api.leadCount();
        String body = "{\"email\": \"" + uniqueEmail("big") + "\", \"company\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        assertProblem(as(TestJwt.MARKETING).body(chunked(body)).post("/leads").then(), 413)
                .body("type", endsWith("/body-too-large"))
                .body("instance", equalTo("/leads"));
        assertEquals(before, Api.leadCount());
    }

    @Test
    void aChunkedBodyUnderTheCapIsReadWhole() {
        String email = uniqueEmail("chunked");
        String company = "株式会社チャンク";
        // 900 kB of whitespace between the fields: many chunks, all of which must reach the JSON reader.
        String id = as(TestJwt.MARKETING).body(chunked("{\"email\": \"" + email + "\"," + " ".repeat(900_000)
                        + "\"company\": \"" + company + "\"}"))
                .post("/leads").then().statusCode(201).extract().path("id");
        as(TestJwt.MARKETING).get("/leads/" + id).then().statusCode(200)
                .body("email", equalTo(email)).body("company", equalTo(company));
    }

    @Test
    void theCsvImportTakesChunkedBodiesLargerThanTheJsonCap() {
        StringBuilder csv = new StringBuilder("email,company\n");
        String campaign = "chunked-" + System.nanoTime();
        int rows = 0;
        while (csv.length() < 1_500_000) {
            csv.append("row").append(rows++).append('-').append(campaign).append("@csv.example,").append("株".repeat(300)).append('\n');
        }
        as(TestJwt.MARKETING).contentType("text/csv; charset=UTF-8").body(chunked(csv.toString())).post("/leads/import")
                .then().statusCode(200).body("created", equalTo(rows));
    }

    @Test
    void aDeclaredLengthOverTheCapIsRefusedBeforeTheBodyIsRead() {
        byte[] body = ("{\"email\": \"" + uniqueEmail("declared") + "\", \"company\": \"" + "y".repeat(1_100_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertProblem(as(TestJwt.MARKETING).body(body).post("/leads").then(), 413).body("type", endsWith("/body-too-large"));
    }

    @Test
    void everyAnswerCarriesARequestIdTheCallersOwnWhenItIsSane() {
        as(TestJwt.MARKETING).header("X-Request-Id", "phone-42.retry-1").get("/leads?size=1").then().statusCode(200)
                .header("X-Request-Id", equalTo("phone-42.retry-1"));
        as(TestJwt.MARKETING).get("/leads?size=1").then().header("X-Request-Id", matchesPattern(UUID_PATTERN));
        as(TestJwt.MARKETING).header("X-Request-Id", "bad id\twith spaces").get("/leads?size=1").then()
                .header("X-Request-Id", matchesPattern(UUID_PATTERN));
        as(TestJwt.MARKETING).header("X-Request-Id", "x".repeat(129)).get("/leads/nope").then().statusCode(404)
                .header("X-Request-Id", matchesPattern(UUID_PATTERN));
    }

    @Test
    void theEventsARequestCausesCarryItsIdAsACloudEventsExtension() {
        try (TopicProbe leads = TopicProbe.fromNow(Topics.LEAD_EVENTS);
             TopicProbe activities = TopicProbe.fromNow(Topics.ACTIVITY_EVENTS)) {
            String createId = "create-" + System.nanoTime();
            String id = as(TestJwt.MARKETING).header("X-Request-Id", createId)
                    .body(Map.of("email", uniqueEmail("traced"))).post("/leads").then().statusCode(201)
                    .extract().path("id");
            String requestId = "activity-" + System.nanoTime();
            as(TestJwt.TRACKER).header("X-Request-Id", requestId).body(Map.of("leadId", id, "type", "page_view"))
                    .post("/activities").then().statusCode(202);

            List<ConsumerRecord<String, byte[]>> created = leads.awaitRecords(r -> id.equals(r.key()), 1,
                    Duration.ofSeconds(20));
            assertEquals("dev.tandem.LeadCreated", CloudEvents.header(created.get(0).headers(), CloudEvents.H_TYPE));
            assertEquals(createId, CloudEvents.header(created.get(0).headers(), CloudEvents.H_REQUEST_ID));
            List<ConsumerRecord<String, byte[]>> recorded = activities.awaitRecords(r -> id.equals(r.key()), 1,
                    Duration.ofSeconds(20));
            assertEquals(requestId, CloudEvents.header(recorded.get(0).headers(), CloudEvents.H_REQUEST_ID));
        }
    }
}
