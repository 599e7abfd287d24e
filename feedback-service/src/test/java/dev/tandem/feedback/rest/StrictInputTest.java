package dev.tandem.feedback.rest;

import dev.tandem.testing.StrictInput;
import dev.tandem.testing.StrictInput.Case;
import dev.tandem.testing.TestJwt;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.tandem.feedback.Api.admin;
import static dev.tandem.feedback.Api.lead;
import static dev.tandem.feedback.Api.rep;
import static dev.tandem.feedback.Api.team;
import static dev.tandem.feedback.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * platform's strict edge, fed with feedback-service's write endpoints: every case of testing's {@link StrictInput}
 * is a 4xx problem naming what is wrong, and no feedback, team, rep, reason code, target or agenda item changes.
 */
@QuarkusTest
class StrictInputTest {

    private static final String TEAM = "strict-team";
    private static final String REP = "strict-rep";

    @TestHTTPResource("/")
    URL base;

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.addAll(StrictInput.jsonBody("POST", "/feedback", """
                {"leadId":"{id}","action":"touch","note":"$text","touch":{"type":"call",\
                "occurredAt":"2026-01-01T00:00:00Z","durationMinutes":$number}}""", "note", "touch.durationMinutes", true));
        // A batch's items are read one by one (a bad item is that item's problem, not the batch's): what the edge
        // refuses for the whole body is its bytes and its shape.
        cases.addAll(StrictInput.jsonBody("POST", "/feedback/batch", """
                {"items":[{"idempotencyKey":"strict-item","feedback":{"leadId":"{id}","action":"note","note":"$text"}}]}""",
                "items[0].feedback.note", null, false).stream()
                .filter(c -> !c.name().equals("number as a string") && !c.name().equals("boolean as a string"))
                .map(c -> duplicateNamedInDetail(c, "note")).toList());
        cases.addAll(StrictInput.jsonBody("POST", "/teams", """
                {"id":"strict-new-team","name":"$text"}""", "name", null, false));
        cases.addAll(StrictInput.jsonBody("PUT", "/teams/" + TEAM, """
                {"name":"$text"}""", "name", null, false));
        cases.addAll(StrictInput.jsonBody("POST", "/reps", """
                {"id":"strict-new-rep","name":"$text","teamId":"strict-team","capacity":$number}""", "name", "capacity",
                true));
        cases.addAll(StrictInput.jsonBody("PUT", "/reps/" + REP, """
                {"name":"$text","teamId":"strict-team","capacity":$number}""", "name", "capacity", true));
        cases.addAll(StrictInput.jsonBody("POST", "/reason-codes", """
                {"code":"strict_new","labelJa":"$text","labelEn":"strict","outcome":"recycle"}""", "labelJa", null,
                false));
        cases.addAll(StrictInput.jsonBody("PUT", "/reason-codes/too_early", """
                {"labelJa":"$text","labelEn":"Too early","outcome":"recycle"}""", "labelJa", null, false));
        cases.addAll(StrictInput.jsonBody("PUT", "/targets/2026-05", """
                {"targets":[{"metric":"$text","value":$number}]}""", "targets[0].metric", "targets[0].value", false)
                .stream().map(c -> duplicateNamedInDetail(c, "metric")).toList());
        cases.addAll(StrictInput.jsonBody("POST", "/agenda", """
                {"title":"$text","body":"strict"}""", "title", null, false));
        cases.addAll(StrictInput.queryParameter("/sla/breaches?to=2026-06-01T00:00:00Z", "from"));
        cases.addAll(StrictInput.queryParameter("/insights/rejections?to=2026-06-01T00:00:00Z", "from"));
        cases.addAll(StrictInput.queryParameter("/reps", "teamId"));
        cases.addAll(StrictInput.requestTarget("/feedback"));
        return cases;
    }

    private static String leadId;

    /**
     * A duplicate key inside an array element: platform's problem names the element ({@code items[0]}) in
     * {@code errors[].field} and the duplicated key in the detail ("Duplicate field 'note'").
     */
    private static Case duplicateNamedInDetail(Case c, String key) {
        return c.name().equals("duplicate key")
                ? new Case(c.name(), c.request(), c.status(), null, "Duplicate field '" + key + "'") : c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedAndChangesNothing(Case refused) {
        fixture();
        Object before = snapshot();
        StrictInput.Request request = refused.request();
        Map<String, String> headers = new HashMap<>(request.headers());
        headers.put("Idempotency-Key", "strict-" + UUID.randomUUID());
        byte[] body = request.body() == null ? null : new String(request.body(), StandardCharsets.ISO_8859_1)
                .replace("{id}", leadId).getBytes(StandardCharsets.ISO_8859_1);
        request = new StrictInput.Request(request.method(), request.path(), request.contentType(), body, headers);
        StrictInput.assertRefused(refused, StrictInput.send(java.net.URI.create(base.toString()),
                TestJwt.token(TestJwt.ADMIN, "admin-1"), request));
        assertEquals(before, snapshot(), refused.name());
    }

    private static synchronized void fixture() {
        if (leadId != null) {
            return;
        }
        if (admin().get("/teams/" + TEAM).statusCode() == 404) {
            team(TEAM);
            rep(REP, TEAM, List.of(unique("県")), 1);
        }
        leadId = lead(null, null);
    }

    private static Object snapshot() {
        String week = LocalDate.now(ZoneId.of("Asia/Tokyo")).get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format("%02d",
                LocalDate.now(ZoneId.of("Asia/Tokyo")).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        return List.of(
                admin().get("/leads/" + leadId + "/feedback").then().statusCode(200).extract().asString(),
                admin().get("/teams").then().statusCode(200).extract().asString(),
                admin().get("/reps").then().statusCode(200).extract().asString(),
                admin().get("/reason-codes").then().statusCode(200).extract().asString(),
                admin().get("/targets/2026-05").then().statusCode(200).extract().asString(),
                String.valueOf(admin().get("/digests/" + week).then().statusCode(200).extract().<Object>path("agenda")));
    }
}
