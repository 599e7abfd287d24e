package dev.tandem.lead.rest;

import dev.tandem.lead.Api;
import dev.tandem.testing.StrictInput;
import dev.tandem.testing.StrictInput.Case;
import dev.tandem.testing.TestJwt;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.tandem.lead.Api.as;
import static dev.tandem.lead.Api.assertProblem;
import static dev.tandem.lead.Api.createLead;
import static dev.tandem.lead.Api.uniqueEmail;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * platform's strict edge, fed with lead-service's own endpoints: every case of testing's {@link StrictInput} is a
 * 4xx problem naming what is wrong, and neither the lead it aims at nor the number of leads nor the timeline changes.
 */
@QuarkusTest
class StrictInputTest {

    private static final String LEAD = """
            {"email":"strict-input@example.com","firstName":"$text","companySize":$number}""";

    @TestHTTPResource("/")
    URL base;

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.addAll(StrictInput.jsonBody("POST", "/leads", LEAD, "firstName", "companySize", true));
        cases.addAll(StrictInput.jsonBody("PATCH", "/leads/{id}", """
                {"lastName":"$text","companySize":$number}""", "lastName", "companySize", true));
        cases.addAll(StrictInput.jsonBody("POST", "/leads/{id}/stage", """
                {"stage":"recycled","reason":"$text"}""", "reason", null, false));
        cases.addAll(StrictInput.jsonBody("POST", "/leads/{id}/merge", """
                {"duplicateId":"$text"}""", "duplicateId", null, false));
        cases.addAll(StrictInput.jsonBody("PUT", "/leads/{id}/owner", """
                {"ownerId":"$text"}""", "ownerId", null, false));
        // An array of activities is a batch, not a wrong shape.
        cases.addAll(StrictInput.jsonBody("POST", "/activities", """
                {"leadId":"{id}","type":"page_view","source":"$text","properties":{"n":$number}}""", "source",
                null, false).stream().filter(c -> !c.name().equals("array instead of an object")).toList());
        cases.add(StrictInput.deepNesting("POST", "/leads", """
                {"email":"strict-deep@example.com","attributes":{"deep":"$text"}}""", 100));
        cases.add(StrictInput.deepNesting("PATCH", "/leads/{id}", """
                {"attributes":{"deep":"$text"}}""", 100));
        cases.addAll(StrictInput.queryParameter("/leads", "q"));
        cases.addAll(StrictInput.queryParameter("/leads/{id}/timeline", "types"));
        cases.addAll(StrictInput.requestTarget("/leads"));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedAndChangesNothing(Case refused) throws Exception {
        String id = settled(createLead(uniqueEmail("strict")));
        String duplicate = settled(createLead(uniqueEmail("strict-dup")));
        Object before = snapshot(id, duplicate);
        StrictInput.Request request = refused.request().withPath(refused.request().path().replace("{id}", id));
        request = withIds(request, id, duplicate);
        StrictInput.assertRefused(refused, StrictInput.send(base.toURI(), TestJwt.token(TestJwt.ADMIN), request));
        assertEquals(before, snapshot(id, duplicate), refused.name());
    }

    /** The lead once its LeadCreated has reached its timeline (written by the consumer, after the answer). */
    private static String settled(String id) {
        await().atMost(Duration.ofSeconds(20)).until(() -> timelineTotal(id) == 1);
        return id;
    }

    private static int timelineTotal(String id) {
        return as(TestJwt.ADMIN).get("/leads/" + id + "/timeline").then().statusCode(200).extract().path("total");
    }

    /** Bodies name the lead and the duplicate by placeholder; the valid text of a merge is the duplicate's id. */
    private static StrictInput.Request withIds(StrictInput.Request request, String id, String duplicate) {
        if (request.body() == null) {
            return request;
        }
        String body = new String(request.body(), java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("{id}", id).replace("\"Ada\"", request.path().endsWith("/merge") ? "\"" + duplicate + "\"" : "\"Ada\"");
        return new StrictInput.Request(request.method(), request.path(), request.contentType(),
                body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), request.headers());
    }

    private static Object snapshot(String id, String duplicate) {
        return List.of(Api.leadCount(), as(TestJwt.ADMIN).get("/leads/" + id).then().statusCode(200).extract().asString(),
                as(TestJwt.ADMIN).get("/leads/" + duplicate).then().statusCode(200).extract().asString(),
                as(TestJwt.ADMIN).get("/leads/" + id + "/timeline").then().statusCode(200).extract().path("total"));
    }

    @Test
    void theValidBodiesOfTheTableAreAccepted() throws Exception {
        String id = createLead(uniqueEmail("strict-ok"));
        URI uri = base.toURI();
        String patch = StrictInput.valid("{\"lastName\":\"$text\",\"companySize\":$number}");
        assertEquals(200, StrictInput.send(uri, TestJwt.token(TestJwt.ADMIN), new StrictInput.Request("PATCH",
                "/leads/" + id, "application/json", patch.getBytes(), Map.of())).status());
        as(TestJwt.ADMIN).get("/leads/" + id).then().body("lastName", equalTo("Ada")).body("companySize", equalTo(7));
        String lead = StrictInput.valid(LEAD).replace("strict-input@", "strict-" + id + "@");
        assertEquals(201, StrictInput.send(uri, TestJwt.token(TestJwt.ADMIN), new StrictInput.Request("POST",
                "/leads", "application/json", lead.getBytes(), Map.of())).status());
    }

    @Test
    void instantsOutsideYears0001To9999AreRefused() {
        String id = settled(createLead(uniqueEmail("strict-year")));
        Object before = snapshot(id, id);
        for (String at : List.of("-99999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "0000-12-31T23:59:59Z")) {
            assertProblem(as(TestJwt.TRACKER).body(Map.of("leadId", id, "type", "call", "occurredAt", at))
                    .post("/activities").then(), 400)
                    .body("errors[0].field", equalTo("occurredAt")).body("errors[0].message", containsString("0001"));
            assertProblem(as(TestJwt.MARKETING).body(Map.of("email", uniqueEmail("y"), "consent",
                    Map.of("email", true, "at", at))).post("/leads").then(), 400)
                    .body("errors[0].field", equalTo("consent.at"));
            assertProblem(as(TestJwt.ADMIN).queryParam("createdFrom", at).get("/leads").then(), 400)
                    .body("errors[0].field", equalTo("createdFrom"));
        }
        assertProblem(as(TestJwt.TRACKER).body("{\"leadId\":\"" + id + "\",\"type\":\"call\",\"occurredAt\":1700000000}")
                .post("/activities").then(), 400).body("errors[0].field", equalTo("occurredAt"));
        assertEquals(before, snapshot(id, id));
    }

    @Test
    void aPageWhoseOffsetOverflowsIsRefused() {
        assertProblem(as(TestJwt.ADMIN).get("/leads?page=10737419&size=200").then(), 400)
                .body("errors[0].field", equalTo("page"));
        String id = createLead(uniqueEmail("strict-page"));
        assertProblem(as(TestJwt.ADMIN).get("/leads/" + id + "/timeline?page=2147483647&size=200").then(), 400)
                .body("errors[0].field", equalTo("page"));
    }

    @Test
    void aCsvImportWithoutContentTypeIsA415NamingTheTypeAndImportsNothing() throws Exception {
        long before = Api.leadCount();
        byte[] csv = ("email\n" + uniqueEmail("csv") + "\n").getBytes();
        StrictInput.Answer answer = StrictInput.send(base.toURI(), TestJwt.token(TestJwt.ADMIN),
                new StrictInput.Request("POST", "/leads/import", null, csv, Map.of()));
        StrictInput.assertRefused(new Case("import without Content-Type", null, 415, null, "text/csv"), answer);
        answer = StrictInput.send(base.toURI(), TestJwt.token(TestJwt.ADMIN),
                new StrictInput.Request("POST", "/leads/import", "application/json", csv, Map.of()));
        StrictInput.assertRefused(new Case("import as JSON", null, 415, null, "text/csv"), answer);
        assertEquals(before, Api.leadCount());
    }
}
