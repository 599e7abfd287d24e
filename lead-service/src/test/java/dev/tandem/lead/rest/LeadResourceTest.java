package dev.tandem.lead.rest;

import dev.tandem.events.LeadCreated;
import dev.tandem.events.LeadErased;
import dev.tandem.events.LeadUpdated;
import dev.tandem.events.LifecycleStage;
import dev.tandem.events.Topics;
import dev.tandem.lead.Api;
import dev.tandem.testing.TestJwt;
import dev.tandem.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.tandem.lead.Api.as;
import static dev.tandem.lead.Api.assertProblem;
import static dev.tandem.lead.Api.createLead;
import static dev.tandem.lead.Api.uniqueEmail;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class LeadResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void createsALeadWithLocationNormalisedEmailAndPublishesLeadCreated() {
        String email = uniqueEmail("Create");
        try (TopicProbe probe = TopicProbe.fromNow(Topics.LEAD_EVENTS)) {
            Response created = as(TestJwt.MARKETING)
                    .body(Map.of("email", "  " + email.toUpperCase() + " ", "firstName", "Ada", "companySize", 40,
                            "country", "GB", "timezone", "Europe/London", "locale", "en-GB",
                            "attributes", Map.of("plan", "trial", "seats", 12, "newsletter", true),
                            "consent", Map.of("email", true, "at", "2026-01-02T03:04:05Z", "source", "form")))
                    .post("/leads");
            created.then().statusCode(201)
                    .header("Location", endsWith("/leads/" + created.path("id")))
                    .body("email", equalTo(email.toLowerCase()))
                    .body("stage", equalTo("lead"))
                    .body("attributes.seats", equalTo(12))
                    .body("consent.email", equalTo(true))
                    .body("createdAt", notNullValue());
            String id = created.path("id");

            LeadCreated event = probe.awaitEvent(LeadCreated.class, e -> e.leadId().equals(id), WAIT);
            assertEquals(email.toLowerCase(), event.lead().email());
            assertEquals(LifecycleStage.LEAD, event.lead().stage());
            assertEquals(40, event.lead().companySize());

            as(TestJwt.MARKETING).get("/leads/" + id).then().statusCode(200)
                    .body("firstName", equalTo("Ada")).body("timezone", equalTo("Europe/London"));
        }
    }

    @Test
    void japaneseNamesAndCompaniesRoundTripByteForByte() {
        String lastName = "山田";
        String firstName = "花子";
        String company = "株式会社サンプル（東京）・ﾃｽﾄ";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", uniqueEmail("jp"));
        body.put("lastName", lastName);
        body.put("firstName", firstName);
        body.put("company", company);
        body.put("jobTitle", "マーケティング部長");
        String id = createLead(body);

        Response read = as(TestJwt.MARKETING).get("/leads/" + id);
        read.then().statusCode(200);
        Map<String, Object> lead = read.jsonPath().getMap("");
        assertArrayEquals(company.getBytes(StandardCharsets.UTF_8), ((String) lead.get("company")).getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(lastName.getBytes(StandardCharsets.UTF_8), ((String) lead.get("lastName")).getBytes(StandardCharsets.UTF_8));
        assertEquals("マーケティング部長", lead.get("jobTitle"));

        as(TestJwt.MARKETING).queryParam("q", "株式会社サン").get("/leads").then().statusCode(200)
                .body("items.id", hasItem(id));
    }

    @Test
    void duplicateEmailIsAConflictCarryingTheExistingId() {
        String email = uniqueEmail("dup");
        String id = createLead(email);
        long before = Api.leadCount();
        assertProblem(as(TestJwt.MARKETING).body(Map.of("email", email.toUpperCase())).post("/leads").then(), 409)
                .body("existingId", equalTo(id))
                .body("errors[0].field", equalTo("email"));
        assertEquals(before, Api.leadCount());
    }

    @Test
    void mergePatchSetsAndRemovesFieldsAndPublishesLeadUpdated() {
        String id = createLead(Map.of("email", uniqueEmail("patch"), "firstName", "Ada", "company", "Old Ltd",
                "attributes", Map.of("a", 1, "b", "x")));
        try (TopicProbe probe = TopicProbe.fromNow(Topics.LEAD_EVENTS)) {
            as(TestJwt.MARKETING).contentType("application/merge-patch+json")
                    .body("{\"company\": null, \"jobTitle\": \"CTO\", \"attributes\": {\"a\": null, \"c\": true}}")
                    .patch("/leads/" + id).then().statusCode(200)
                    .body("company", nullValue())
                    .body("jobTitle", equalTo("CTO"))
                    .body("firstName", equalTo("Ada"))
                    .body("attributes.a", nullValue())
                    .body("attributes.b", equalTo("x"))
                    .body("attributes.c", equalTo(true));
            LeadUpdated updated = probe.awaitEvent(LeadUpdated.class, e -> e.leadId().equals(id), WAIT);
            assertEquals(List.of("company", "jobTitle", "attributes"), updated.changedFields());
            assertEquals("CTO", updated.lead().jobTitle());
        }
        as(TestJwt.MARKETING).get("/leads/" + id).then().body("company", nullValue()).body("jobTitle", equalTo("CTO"));
    }

    @Test
    void mergePatchRefusesReadOnlyAndUnknownFieldsNamingThemAndChangesNothing() {
        String id = createLead(Map.of("email", uniqueEmail("ro"), "firstName", "Ada"));
        for (String field : List.of("stage", "score", "ownerId", "createdAt", "history")) {
            assertProblem(as(TestJwt.MARKETING).contentType("application/merge-patch+json")
                    .body("{\"firstName\": \"Eve\", \"" + field + "\": \"x\"}")
                    .patch("/leads/" + id).then(), 400)
                    .body("errors.field", contains(field))
                    .body("errors[0].message", equalTo("is read-only"));
        }
        assertProblem(as(TestJwt.MARKETING).body("{\"nickname\": \"x\"}").patch("/leads/" + id).then(), 400)
                .body("errors[0].field", equalTo("nickname"));
        assertProblem(as(TestJwt.MARKETING).body("{\"companySize\": \"many\"}").patch("/leads/" + id).then(), 400)
                .body("errors[0].field", equalTo("companySize"));
        assertProblem(as(TestJwt.MARKETING).body("{\"email\": null}").patch("/leads/" + id).then(), 400)
                .body("errors[0].field", equalTo("email"));
        assertProblem(as(TestJwt.MARKETING).body("[1]").patch("/leads/" + id).then(), 400);
        as(TestJwt.MARKETING).get("/leads/" + id).then().body("firstName", equalTo("Ada")).body("version", equalTo(1));
    }

    @Test
    void changingTheEmailToOneInUseIsAConflict() {
        String taken = uniqueEmail("taken");
        String other = createLead(taken);
        String id = createLead(uniqueEmail("mover"));
        assertProblem(as(TestJwt.MARKETING).body(Map.of("email", taken)).patch("/leads/" + id).then(), 409)
                .body("existingId", equalTo(other));
    }

    @Test
    void eraseRemovesPersonalDataKeepsATombstoneAndPublishesLeadErased() {
        String email = uniqueEmail("erase");
        String id = createLead(Map.of("email", email, "lastName", "Secret"));
        try (TopicProbe probe = TopicProbe.fromNow(Topics.LEAD_EVENTS)) {
            as(TestJwt.ADMIN).delete("/leads/" + id).then().statusCode(204);
            LeadErased erased = probe.awaitEvent(LeadErased.class, e -> e.leadId().equals(id), WAIT);
            assertEquals("admin-1", erased.by());
        }
        assertProblem(as(TestJwt.ADMIN).get("/leads/" + id).then(), 404);
        assertProblem(as(TestJwt.ADMIN).get("/leads/" + id + "/timeline").then(), 404);
        assertProblem(as(TestJwt.ADMIN).delete("/leads/" + id).then(), 404);
        as(TestJwt.ADMIN).queryParam("q", "secret").get("/leads").then().body("items.id", org.hamcrest.Matchers.not(hasItem(id)));
        // The email is free again: the tombstone holds no personal data.
        createLead(email);
    }

    @Test
    void listsWithFiltersSortAndPaging() {
        String campaign = "camp-" + System.nanoTime();
        String a = createLead(Map.of("email", uniqueEmail("list"), "lastName", "Zeta", "campaign", campaign, "source", "web"));
        String b = createLead(Map.of("email", uniqueEmail("list"), "lastName", "Alpha", "campaign", campaign, "source", "fair"));
        String c = createLead(Map.of("email", uniqueEmail("list"), "lastName", "Mu", "campaign", campaign, "source", "web"));

        as(TestJwt.MARKETING).queryParam("campaign", campaign).queryParam("sort", "lastName").get("/leads")
                .then().statusCode(200).body("total", equalTo(3)).body("items.id", contains(b, c, a));
        as(TestJwt.MARKETING).queryParam("campaign", campaign).queryParam("sort", "-createdAt")
                .queryParam("size", 2).queryParam("page", 1).get("/leads")
                .then().statusCode(200).body("total", equalTo(3)).body("size", equalTo(2)).body("items.id", contains(a));
        as(TestJwt.MARKETING).queryParam("campaign", campaign).queryParam("source", "web").queryParam("sort", "createdAt")
                .get("/leads").then().body("items.id", contains(a, c));
        as(TestJwt.MARKETING).queryParam("campaign", campaign).queryParam("q", "alp").get("/leads")
                .then().body("items.id", contains(b));
        as(TestJwt.MARKETING).queryParam("campaign", campaign).queryParam("stage", "lead")
                .queryParam("createdFrom", "2000-01-01T00:00:00Z").queryParam("createdTo", "2999-01-01T00:00:00Z")
                .get("/leads").then().body("total", equalTo(3));
        as(TestJwt.MARKETING).queryParam("campaign", campaign).queryParam("stage", "mql").get("/leads")
                .then().body("total", equalTo(0));
    }

    @Test
    void listRefusesBadParametersNamingThem() {
        assertProblem(as(TestJwt.MARKETING).queryParam("size", 201).get("/leads").then(), 400)
                .body("errors[0].field", equalTo("size"));
        assertProblem(as(TestJwt.MARKETING).queryParam("sort", "password").get("/leads").then(), 400)
                .body("errors[0].field", equalTo("sort"));
        assertProblem(as(TestJwt.MARKETING).queryParam("stage", "vip").get("/leads").then(), 400)
                .body("errors[0].field", equalTo("stage"));
        assertProblem(as(TestJwt.MARKETING).queryParam("minScore", "high").get("/leads").then(), 400)
                .body("errors[0].field", equalTo("minScore"));
        assertProblem(as(TestJwt.MARKETING).queryParam("createdFrom", "yesterday").get("/leads").then(), 400)
                .body("errors[0].field", equalTo("createdFrom"));
    }

    @Test
    void unknownIdsAreNotFoundProblems() {
        assertProblem(as(TestJwt.MARKETING).get("/leads/nope").then(), 404).body("type", notNullValue());
        assertProblem(as(TestJwt.MARKETING).body("{\"jobTitle\": \"x\"}").patch("/leads/nope").then(), 404);
        assertProblem(as(TestJwt.MARKETING).get("/nowhere").then(), 404);
        assertTrue(as(TestJwt.MARKETING).contentType(ContentType.JSON).get("/leads/nope").contentType().startsWith(Api.PROBLEM));
    }
}
