package dev.tandem.nurture;

import dev.tandem.events.DealLossReason;
import dev.tandem.events.DealLost;
import dev.tandem.events.LeadCreated;
import dev.tandem.events.LeadProfile;
import dev.tandem.events.LeadRejected;
import dev.tandem.events.LeadStageChanged;
import dev.tandem.events.LifecycleStage;
import dev.tandem.events.RejectReason;
import dev.tandem.events.ScoreChanged;
import dev.tandem.events.TandemEvent;
import dev.tandem.testing.JwtKeys;
import dev.tandem.testing.SmtpResource;
import dev.tandem.testing.TestJwt;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.tandem.nurture.Fixtures.ADMIN;
import static dev.tandem.nurture.Fixtures.MARKETING;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Triggers (stage entered, score reached, recycled after a rejection or a lost deal), the notifyOwner step with the
 * owner's details, planned waits, goals, the re-enrolment policy, and A/B split statistics with conversions and a
 * winner, all through Kafka, PostgreSQL and GreenMail.
 */
@QuarkusTest
class TriggersAndStepsTest {

    private static final Pattern CLICK = Pattern.compile("href=\"http://[^\"]+(/t/c/[^\"]+)\"");

    @Inject
    AgroalDataSource dataSource;

    /** Campaigns made here end archived, so their triggers catch no other test's leads. */
    private final List<String> campaigns = new ArrayList<>();

    @AfterEach
    void archiveCampaigns() {
        for (String id : campaigns) {
            for (String state : List.of("paused", "archived")) {
                given().auth().oauth2(MARKETING).contentType(ContentType.JSON).body("{\"state\": \"" + state + "\"}")
                        .post("/campaigns/" + id + "/state");
            }
        }
    }

    private String campaign(String json) {
        String id = Fixtures.activeCampaign(json);
        campaigns.add(id);
        return id;
    }

    private static String oneEmail(String name, String trigger, String templateId) {
        return """
                {"name": "%s", "trigger": %s, "window": %s,
                 "steps": [{"id": "mail", "type": "email", "templateId": "%s"}]}""".formatted(name, trigger, Fixtures.allWeek(), templateId);
    }

    private static String newLeadId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    private static LeadProfile profile(String email, String lastName, String country, String zone, LifecycleStage stage,
                                       String owner) {
        return new LeadProfile(email, "花子", lastName, "株式会社サンプル", "部長", null, country, zone, "ja-JP", 50, null,
                "web", null, Map.of("test", "triggers"), true, stage, owner);
    }

    /** Publishes LeadCreated and waits until nurture knows the lead. */
    private static String lead(String email, String lastName, String country, String zone, LifecycleStage stage, String owner) {
        String leadId = newLeadId();
        Fixtures.publish(new LeadCreated(UUID.randomUUID(), Instant.now(), leadId, 1,
                profile(email, lastName, country, zone, stage, owner)));
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(ADMIN).queryParam("leadId", leadId)
                .get("/enrollments").statusCode() == 200);
        return leadId;
    }

    private static List<Map<String, Object>> enrollmentsIn(String leadId, String campaignId) {
        return Fixtures.enrollments(leadId).stream().filter(e -> campaignId.equals(e.get("campaignId"))).toList();
    }

    private static Map<String, Object> awaitEnrollment(String leadId, String campaignId) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> enrollmentsIn(leadId, campaignId).stream().findFirst()
                .orElse(null), java.util.Objects::nonNull);
    }

    private static LeadStageChanged stage(String leadId, LifecycleStage from, LifecycleStage to) {
        return new LeadStageChanged(UUID.randomUUID(), Instant.now(), leadId, 1, from, to, "manual", null, null, "test");
    }

    private static ScoreChanged score(String leadId, String modelId, double total, boolean primary) {
        return new ScoreChanged(UUID.randomUUID(), Instant.now(), leadId, 1, modelId, 1, primary, total, total, 0, "B",
                null, null);
    }

    // ---- triggers -------------------------------------------------------------------------------------------

    @Test
    void aLeadEnteringTheTriggerStageIsEnrolledAndMailed() {
        String template = Fixtures.japaneseTemplate("stage", "https://example.com/stage");
        String campaignId = campaign(oneEmail("mql入り", "{\"type\": \"stageEntered\", \"stage\": \"mql\"}", template));
        String leadId = lead("stage-entered@example.com", "高橋", "JP", "Asia/Tokyo", LifecycleStage.LEAD, null);
        assertEquals(List.of(), enrollmentsIn(leadId, campaignId), "created as a lead: not yet");

        Fixtures.publish(stage(leadId, LifecycleStage.LEAD, LifecycleStage.MQL));
        Map<String, Object> enrollment = awaitEnrollment(leadId, campaignId);
        assertEquals("trigger:stageEntered", enrollment.get("enrolledBy"));
        NurtureFlowTest.to("stage-entered@example.com");
    }

    @Test
    void aScoreReachingTheMinimumOfTheModelEnrolsOnce() {
        String template = Fixtures.japaneseTemplate("score", "https://example.com/score");
        String model = "model-" + UUID.randomUUID();
        String campaignId = campaign(oneEmail("高スコア", "{\"type\": \"scoreReached\", \"modelId\": \"" + model
                + "\", \"minimum\": 60}", template));
        String leadId = lead("score-reached@example.com", "伊藤", "JP", "Asia/Tokyo", LifecycleStage.LEAD, null);

        // Another model at 90 and this model below the minimum: nothing.
        Fixtures.publish(score(leadId, "other-model", 90, true), score(leadId, model, 59.5, false));
        String probe = lead("score-probe@example.com", "probe", "JP", "Asia/Tokyo", LifecycleStage.LEAD, null);
        Fixtures.publish(score(probe, model, 61, false));
        awaitEnrollment(probe, campaignId);
        assertEquals(List.of(), enrollmentsIn(leadId, campaignId));

        Fixtures.publish(score(leadId, model, 60, false));
        Map<String, Object> enrollment = awaitEnrollment(leadId, campaignId);
        assertEquals("trigger:scoreReached", enrollment.get("enrolledBy"));
        NurtureFlowTest.to("score-reached@example.com");

        // Rising further, or falling and rising again while enrolled or after: still one enrolment (policy never).
        Fixtures.publish(score(leadId, model, 75, false), score(leadId, model, 20, false), score(leadId, model, 80, false));
        String probe2 = lead("score-probe2@example.com", "probe", "JP", "Asia/Tokyo", LifecycleStage.LEAD, null);
        Fixtures.publish(score(probe2, model, 99, false));
        awaitEnrollment(probe2, campaignId);
        assertEquals(1, enrollmentsIn(leadId, campaignId).size());
    }

    @Test
    void aLeadRejectedAsBadTimingIsRecycledAndReEntersNurture() throws Exception {
        String template = Fixtures.japaneseTemplate("recycle", "https://example.com/recycle");
        String campaignId = campaign(oneEmail("時期尚早フォロー", "{\"type\": \"recycled\", \"reasonCodes\": [\"bad_timing\"]}", template));
        String rejected = lead("recycled-timing@example.com", "佐藤", "JP", "Asia/Tokyo", LifecycleStage.MQL, "rep-recycle");
        String notAFit = lead("recycled-not-a-fit@example.com", "田中", "JP", "Asia/Tokyo", LifecycleStage.MQL, "rep-recycle");
        String noBudget = lead("recycled-no-budget@example.com", "中村", "JP", "Asia/Tokyo", LifecycleStage.MQL, "rep-recycle");

        Fixtures.publish(
                new LeadRejected(UUID.randomUUID(), Instant.now(), notAFit, 1, RejectReason.NOT_A_FIT, "他社製品を採用済み", "rep-recycle"),
                new LeadRejected(UUID.randomUUID(), Instant.now(), noBudget, 1, RejectReason.NO_BUDGET, "予算なし", "rep-recycle"),
                new LeadRejected(UUID.randomUUID(), Instant.now(), rejected, 1, RejectReason.BAD_TIMING, "時期尚早", "rep-recycle"));

        Map<String, Object> enrollment = awaitEnrollment(rejected, campaignId);
        assertEquals("trigger:recycled", enrollment.get("enrolledBy"));
        MimeMessage mail = NurtureFlowTest.to("recycled-timing@example.com");
        assertEquals("佐藤様、新製品ウェビナーのご案内", mail.getSubject());
        assertEquals("recycled", leadStage(rejected));
        await().atMost(Duration.ofSeconds(20)).until(() -> "disqualified".equals(leadStage(notAFit)));
        await().atMost(Duration.ofSeconds(20)).until(() -> "recycled".equals(leadStage(noBudget)));
        assertEquals(List.of(), enrollmentsIn(notAFit, campaignId), "not a fit: disqualified, not recycled");
        assertEquals(List.of(), enrollmentsIn(noBudget, campaignId), "a reason code the trigger does not name");
    }

    @Test
    void aTriggerNamingTheRepsOwnReasonCodeCatchesThatCodeOnly() throws Exception {
        String template = Fixtures.japaneseTemplate("too-early", "https://example.com/too-early");
        String campaignId = campaign(oneEmail("時期尚早（営業コード）", "{\"type\": \"recycled\", \"reasonCodes\": [\"too_early\"]}", template));
        String tooEarly = lead("recycled-too-early@example.com", "加藤", "JP", "Asia/Tokyo", LifecycleStage.MQL, "rep-recycle");
        String otherTiming = lead("recycled-other-timing@example.com", "吉田", "JP", "Asia/Tokyo", LifecycleStage.MQL, "rep-recycle");
        String older = lead("recycled-older-event@example.com", "山本", "JP", "Asia/Tokyo", LifecycleStage.MQL, "rep-recycle");

        // All three carry the same coarse reason; only the rep's own code tells them apart.
        Fixtures.publish(
                new LeadRejected(UUID.randomUUID(), Instant.now(), otherTiming, 1, RejectReason.BAD_TIMING, "project_paused",
                        "案件凍結", "rep-recycle"),
                new LeadRejected(UUID.randomUUID(), Instant.now(), older, 1, RejectReason.BAD_TIMING, "[too_early] 時期尚早",
                        "rep-recycle"),
                new LeadRejected(UUID.randomUUID(), Instant.now(), tooEarly, 1, RejectReason.BAD_TIMING, "too_early",
                        "[too_early] 時期尚早", "rep-recycle"));

        assertEquals("trigger:recycled", awaitEnrollment(tooEarly, campaignId).get("enrolledBy"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "recycled".equals(leadStage(otherTiming))
                && "recycled".equals(leadStage(older)));
        assertEquals(List.of(), enrollmentsIn(otherTiming, campaignId), "another sales code");
        assertEquals(List.of(), enrollmentsIn(older, campaignId), "an event without the sales code");

        given().auth().oauth2(MARKETING).contentType(ContentType.JSON)
                .body(oneEmail("bad code", "{\"type\": \"recycled\", \"reasonCodes\": [\"too_early\", \"Too Early!\"]}", template))
                .post("/campaigns").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("trigger.reasonCodes[1]"));
    }

    @Test
    void aLostDealRecyclesTheLeadEvenThoughItWasAnOpportunityHere() {
        String template = Fixtures.japaneseTemplate("lost", "https://example.com/lost");
        String campaignId = campaign(oneEmail("失注フォロー", "{\"type\": \"recycled\", \"dealLost\": true}", template));
        String leadId = lead("deal-lost@example.com", "小林", "JP", "Asia/Tokyo", LifecycleStage.OPPORTUNITY, "rep-lost");

        Fixtures.publish(new DealLost(UUID.randomUUID(), Instant.now(), leadId, 1, "deal-1", DealLossReason.values()[0],
                "価格", "rep-lost"));

        awaitEnrollment(leadId, campaignId);
        // The default goal (sql and beyond) would have ended it at once had the local copy stayed an opportunity.
        NurtureFlowTest.to("deal-lost@example.com");
        Map<String, Object> done = await().atMost(Duration.ofSeconds(20)).until(() -> enrollmentsIn(leadId, campaignId)
                .get(0), e -> !"active".equals(e.get("state")));
        assertEquals("completed", done.get("state"));
    }

    // ---- notifyOwner and the owner's details ----------------------------------------------------------------

    @Test
    void notifyOwnerMailsTheOwningRepAndTemplatesCarryTheOwnersDetails() throws Exception {
        String rep = "rep-" + UUID.randomUUID();
        String token = Jwt.issuer("https://tandem.dev").subject(rep).upn(rep).groups(Set.of(TestJwt.SALES))
                .claim("name", "鈴木 一郎").claim("email", rep + "@tandem.example").sign(JwtKeys.testPrivateKey());
        given().auth().oauth2(token).get("/owners/me").then().statusCode(200)
                .body("name", equalTo("鈴木 一郎")).body("email", equalTo(rep + "@tandem.example"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"title\": \"営業部 課長\", \"signature\": \"鈴木 一郎 / 株式会社タンデム 03-1234-5678\"}")
                .put("/owners/me").then().statusCode(200).body("title", equalTo("営業部 課長"));

        String template = given().auth().oauth2(MARKETING).contentType(ContentType.JSON).body("""
                {"name": "owner-vars", "locales": {"ja": {"subject": "{lead.lastName}様へ {owner.name}より",
                  "html": "<p>{owner.title} {owner.name}</p><p>{owner.signature}</p><a href=\\"{unsubscribeUrl}\\">配信停止</a>",
                  "text": "{owner.title} {owner.name}\\n{owner.signature}\\n{owner.email}\\n配信停止: {unsubscribeUrl}"}}}""")
                .post("/templates").then().statusCode(201).extract().path("id");
        String campaignId = campaign("""
                {"name": "営業連携", "trigger": {"type": "api"}, "window": %s,
                 "steps": [{"id": "tell", "type": "notifyOwner", "subject": "{lead.lastName}様のフォローを",
                            "message": "{lead.lastName}様が料金ページを3回閲覧", "next": "mail"},
                           {"id": "mail", "type": "email", "templateId": "%s", "sender": {"from": "owner"}}]}"""
                .formatted(Fixtures.allWeek(), template));
        String leadId = lead("sato-pricing@example.com", "佐藤", "JP", "Asia/Tokyo", LifecycleStage.MQL, rep);

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"campaignId\": \"" + campaignId + "\", \"leadId\": \"" + leadId + "\"}")
                .post("/enrollments").then().statusCode(201);

        MimeMessage notice = NurtureFlowTest.to(rep + "@tandem.example");
        assertEquals("佐藤様のフォローを", notice.getSubject());
        assertEquals("佐藤様が料金ページを3回閲覧", text(notice));

        MimeMessage mail = NurtureFlowTest.to("sato-pricing@example.com");
        assertEquals("佐藤様へ 鈴木 一郎より", mail.getSubject());
        InternetAddress from = (InternetAddress) mail.getFrom()[0];
        assertEquals(rep + "@tandem.example", from.getAddress());
        assertEquals("鈴木 一郎", from.getPersonal());
        assertEquals(rep + "@tandem.example", ((InternetAddress) mail.getReplyTo()[0]).getAddress());
        String text = text(mail);
        assertTrue(text.startsWith("営業部 課長 鈴木 一郎\n鈴木 一郎 / 株式会社タンデム 03-1234-5678\n" + rep + "@tandem.example\n"), text);
    }

    @Test
    void ownerProfilesRefuseBadInputAndOnlyMarketingEditsAnotherRep() {
        String rep = TestJwt.token(TestJwt.SALES, "rep-profile");
        given().auth().oauth2(rep).contentType(ContentType.JSON).body("{\"email\": \"not an address\", \"title\": \""
                        + "x".repeat(201) + "\"}")
                .put("/owners/me").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItems("email", "title"));
        given().auth().oauth2(rep).get("/owners/me").then().statusCode(200).body("title", org.hamcrest.Matchers.nullValue());
        given().auth().oauth2(rep).contentType(ContentType.JSON).body("{\"title\": \"営業\"}").put("/owners/rep-other")
                .then().statusCode(403);
        given().auth().oauth2(MARKETING).contentType(ContentType.JSON).body("{\"title\": \"営業部 主任\", \"name\": \"高木 二郎\"}")
                .put("/owners/rep-other").then().statusCode(200).body("title", equalTo("営業部 主任"));
        given().auth().oauth2(ADMIN).get("/owners/rep-other").then().statusCode(200).body("name", equalTo("高木 二郎"));
        given().auth().oauth2(ADMIN).get("/owners/nobody-" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(TestJwt.token(TestJwt.TRACKER)).get("/owners/me").then().statusCode(403);
        given().get("/owners/me").then().statusCode(401);
    }

    // ---- waits ----------------------------------------------------------------------------------------------

    @Test
    void aWaitUntilAWeekdayAndTimeIsPlannedInTheLeadsZone() {
        String template = Fixtures.japaneseTemplate("until", "https://example.com/until");
        String campaignId = campaign("""
                {"name": "月曜朝", "trigger": {"type": "api"}, "window": %s, "timezone": "Asia/Tokyo",
                 "steps": [{"id": "monday", "type": "wait", "until": {"dayOfWeek": "MONDAY", "time": "09:30"}, "next": "mail"},
                           {"id": "mail", "type": "email", "templateId": "%s"}]}""".formatted(Fixtures.allWeek(), template));
        String newYork = lead("until-ny@example.com", "Smith", "US", "America/New_York", LifecycleStage.LEAD, null);
        String tokyo = lead("until-tokyo@example.com", "渡辺", "JP", "Asia/Tokyo", LifecycleStage.LEAD, null);

        for (var lead : List.of(Map.entry(newYork, ZoneId.of("America/New_York")), Map.entry(tokyo, ZoneId.of("Asia/Tokyo")))) {
            Map<String, Object> enrollment = enrol(campaignId, lead.getKey());
            ZonedDateTime started = Instant.parse((String) enrollment.get("startedAt")).atZone(lead.getValue());
            ZonedDateTime expected = started.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY)).with(LocalTime.of(9, 30));
            if (!expected.isAfter(started)) {
                expected = expected.plusWeeks(1);
            }
            assertEquals(expected.toInstant(), Instant.parse((String) enrollment.get("nextActionAt")), lead.getKey());
            assertEquals("wait", enrollment.get("stepType"));
            assertNull(enrollment.get("nextSendAt"), "no email is due during a wait");
        }
    }

    @Test
    void aWaitOfBusinessDaysSkipsJapaneseHolidaysForATokyoLead() {
        String template = Fixtures.japaneseTemplate("bdays", "https://example.com/bdays");
        String campaignId = campaign("""
                {"name": "3営業日後", "trigger": {"type": "api"}, "window": %s,
                 "steps": [{"id": "later", "type": "wait", "businessDays": 3, "next": "mail"},
                           {"id": "mail", "type": "email", "templateId": "%s"}]}""".formatted(Fixtures.allWeek(), template));
        String tokyo = lead("bdays-tokyo@example.com", "山本", "JP", "Asia/Tokyo", LifecycleStage.LEAD, null);
        Map<String, Object> enrollment = enrol(campaignId, tokyo);
        ZoneId zone = ZoneId.of("Asia/Tokyo");
        ZonedDateTime started = Instant.parse((String) enrollment.get("startedAt")).atZone(zone);
        // Independent of the service's calendar: weekends and this test's own list of 2026–2027 holidays.
        Set<java.time.LocalDate> holidays = Set.of("2026-01-01", "2026-01-12", "2026-02-11", "2026-02-23", "2026-03-20",
                        "2026-04-29", "2026-05-03", "2026-05-04", "2026-05-05", "2026-05-06", "2026-07-20", "2026-08-11",
                        "2026-09-21", "2026-09-22", "2026-09-23", "2026-10-12", "2026-11-03", "2026-11-23", "2027-01-01",
                        "2027-01-11", "2027-02-11", "2027-02-23", "2027-03-21", "2027-03-22").stream()
                .map(java.time.LocalDate::parse).collect(java.util.stream.Collectors.toSet());
        java.time.LocalDate day = started.toLocalDate();
        for (int n = 0; n < 3; ) {
            day = day.plusDays(1);
            if (day.getDayOfWeek().getValue() < 6 && !holidays.contains(day)) {
                n++;
            }
        }
        assertEquals(day.atTime(started.toLocalTime()).atZone(zone).toInstant(),
                Instant.parse((String) enrollment.get("nextActionAt")));
    }

    private static Map<String, Object> enrol(String campaignId, String leadId) {
        return given().auth().oauth2(MARKETING).contentType(ContentType.JSON)
                .body("{\"campaignId\": \"" + campaignId + "\", \"leadId\": \"" + leadId + "\"}")
                .post("/enrollments").then().log().ifValidationFails().statusCode(201).extract().jsonPath().getMap("$");
    }

    // ---- goals and re-enrolment -----------------------------------------------------------------------------

    @Test
    void goalsEndEnrolmentsTheDefaultAtSqlAndACustomOneByItsCondition() {
        String template = Fixtures.japaneseTemplate("goals", "https://example.com/goals");
        String steps = """
                "steps": [{"id": "pause", "type": "wait", "duration": "PT3S", "next": "mail"},
                          {"id": "mail", "type": "email", "templateId": "%s"}]""".formatted(template);
        String byDefault = campaign("{\"name\": \"default goal\", \"trigger\": {\"type\": \"api\"}, \"window\": "
                + Fixtures.allWeek() + ", " + steps + "}");
        String atMql = campaign("{\"name\": \"mql goal\", \"trigger\": {\"type\": \"api\"}, \"window\": " + Fixtures.allWeek()
                + ", " + steps + ", \"goals\": [{\"type\": \"stageReached\", \"stage\": \"mql\"}]}");
        String custom = campaign("{\"name\": \"custom goal\", \"trigger\": {\"type\": \"api\"}, \"window\": " + Fixtures.allWeek()
                + ", " + steps + ", \"goals\": [{\"type\": \"custom\", \"name\": \"hot\", \"condition\": "
                + "{\"type\": \"scoreAbove\", \"value\": 80}}]}");

        String toSql = lead("goal-sql@example.com", "加藤", "JP", "Asia/Tokyo", LifecycleStage.MQL, null);
        String toMql = lead("goal-mql@example.com", "吉田", "JP", "Asia/Tokyo", LifecycleStage.LEAD, null);
        String hot = lead("goal-hot@example.com", "山田", "JP", "Asia/Tokyo", LifecycleStage.LEAD, null);
        String stays = lead("goal-stays@example.com", "松本", "JP", "Asia/Tokyo", LifecycleStage.LEAD, null);
        enrol(byDefault, toSql);
        enrol(atMql, toMql);
        enrol(custom, hot);
        enrol(custom, stays);

        Fixtures.publish(stage(toSql, LifecycleStage.MQL, LifecycleStage.SQL), stage(toMql, LifecycleStage.LEAD, LifecycleStage.MQL),
                score(hot, "m", 85, true), score(stays, "m", 79, true));

        assertEquals("goal:stage_sql", awaitEnded(toSql, byDefault).get("exitReason"));
        assertEquals("goal:stage_mql", awaitEnded(toMql, atMql).get("exitReason"));
        assertEquals("goal:hot", awaitEnded(hot, custom).get("exitReason"));
        assertEquals("completed", awaitEnded(stays, custom).get("state"));
        NurtureFlowTest.to("goal-stays@example.com");
        assertEquals(0, SmtpResource.received().stream().map(NurtureFlowTest::recipient)
                .filter(r -> r.equals("goal-sql@example.com") || r.equals("goal-mql@example.com") || r.equals("goal-hot@example.com"))
                .count(), "a lead that reached the goal gets no more mail");
    }

    private static Map<String, Object> awaitEnded(String leadId, String campaignId) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> enrollmentsIn(leadId, campaignId).get(0),
                e -> !"active".equals(e.get("state")));
    }

    @Test
    void theReEnrolmentPolicyRefusesNeverAndAllowsAfterThePeriod() {
        String never = campaign("{\"name\": \"once\", \"trigger\": {\"type\": \"api\"}, \"window\": " + Fixtures.allWeek()
                + ", \"steps\": [{\"id\": \"end\", \"type\": \"exit\"}]}");
        String after = campaign("{\"name\": \"every 4s\", \"trigger\": {\"type\": \"api\"}, \"window\": " + Fixtures.allWeek()
                + ", \"steps\": [{\"id\": \"end\", \"type\": \"exit\"}], \"reenrollment\": {\"policy\": \"after\", \"after\": \"PT4S\"}}");
        String leadId = lead("reenrol@example.com", "井上", "JP", "Asia/Tokyo", LifecycleStage.LEAD, null);

        enrol(never, leadId);
        awaitEnded(leadId, never);
        postEnrollment(never, leadId).then().statusCode(409).contentType("application/problem+json");

        enrol(after, leadId);
        Map<String, Object> ended = awaitEnded(leadId, after);
        Instant endedAt = Instant.parse((String) ended.get("endedAt"));
        postEnrollment(after, leadId).then().statusCode(409);
        await().atMost(Duration.ofSeconds(20)).until(() -> Instant.now().isAfter(endedAt.plusSeconds(4)));
        postEnrollment(after, leadId).then().statusCode(201);
        assertEquals(2, enrollmentsIn(leadId, after).size());
        assertEquals(1, enrollmentsIn(leadId, never).size());
    }

    private static io.restassured.response.Response postEnrollment(String campaignId, String leadId) {
        return given().auth().oauth2(MARKETING).contentType(ContentType.JSON)
                .body("{\"campaignId\": \"" + campaignId + "\", \"leadId\": \"" + leadId + "\"}").post("/enrollments");
    }

    // ---- A/B split, stats, conversions, winner --------------------------------------------------------------

    @Test
    void aRandomSplitHoldsItsPercentagesAndStatsNameAWinnerOnceBothHaveTheSample() throws Exception {
        String template = Fixtures.japaneseTemplate("ab", "https://example.com/ab");
        String tag = "ab-" + UUID.randomUUID().toString().substring(0, 8);
        String campaignId = campaign("""
                {"name": "A/B 件名", "trigger": {"type": "leadCreated", "conditions": [{"name": "attributes.test", "op": "eq", "value": "%s"}]},
                 "window": %s, "abMinimumSample": 40,
                 "steps": [{"id": "split", "type": "branch", "split": [{"name": "A", "percent": 30, "next": "mail-a"},
                                                                       {"name": "B", "percent": 70, "next": "mail-b"}]},
                           {"id": "mail-a", "type": "email", "templateId": "%s"},
                           {"id": "mail-b", "type": "email", "templateId": "%s"}]}""".formatted(tag, Fixtures.allWeek(), template, template));
        int leads = 300;
        List<TandemEvent> created = new ArrayList<>();
        for (int i = 0; i < leads; i++) {
            created.add(new LeadCreated(UUID.randomUUID(), Instant.now(), "ab" + newLeadId().substring(2), 1,
                    Fixtures.profile(tag + "-" + i + "@example.com", tag, null)));
        }
        Fixtures.publish(created.toArray(TandemEvent[]::new));
        await().atMost(Duration.ofSeconds(90)).until(() -> sent(stats(campaignId)) == leads);

        Map<String, Object> stats = stats(campaignId);
        Map<String, Long> sentByVariant = new java.util.HashMap<>();
        for (Map<String, Object> row : rows(stats)) {
            sentByVariant.put((String) row.get("variant"), ((Number) row.get("sent")).longValue());
            assertEquals(("A".equals(row.get("variant")) ? "mail-a" : "mail-b"), row.get("stepId"));
        }
        double shareA = sentByVariant.get("A") / (double) leads;
        // 300 draws at p = 0.3: σ ≈ 0.026; 0.09 is about 3.4σ.
        assertTrue(Math.abs(shareA - 0.30) < 0.09, "A got " + shareA + " of the sends: " + sentByVariant);
        assertEquals(leads, sentByVariant.get("A") + sentByVariant.get("B"));
        assertEquals(List.of(), stats.get("abWinners"), "no clicks yet: a tie is no winner");

        // Human clicks (a browser, well after delivery) on five A mails; conversions for six B leads.
        List<String[]> aMessages = messages(campaignId, "A", 5);
        List<String[]> bMessages = messages(campaignId, "B", 6);
        Instant lastSent = Instant.parse(aMessages.get(aMessages.size() - 1)[2]);
        await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(lastSent.plusSeconds(11)));
        for (String[] message : aMessages) {
            given().redirects().follow(false).urlEncodingEnabled(false).header("User-Agent",
                            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15")
                    .get(clickPath(message[0])).then().statusCode(302);
        }
        Fixtures.publish(bMessages.stream().map(m -> (TandemEvent) stage(m[1], LifecycleStage.LEAD, LifecycleStage.SQL)).toArray(TandemEvent[]::new));

        Map<String, Object> after = await().atMost(Duration.ofSeconds(20)).until(() -> stats(campaignId),
                s -> row(s, "B").get("conversions").equals(6) && row(s, "A").get("uniqueHumanClicks").equals(5));
        assertEquals(5, row(after, "A").get("uniqueClicks"));
        assertEquals(0, row(after, "A").get("conversions"));
        assertEquals(0, row(after, "B").get("uniqueHumanClicks"));
        List<Map<String, Object>> winners = castList(after.get("abWinners"));
        assertEquals(1, winners.size());
        assertEquals("A", winners.get(0).get("variant"));
        assertEquals("split", winners.get(0).get("stepId"));
    }

    private static Map<String, Object> stats(String campaignId) {
        return given().auth().oauth2(MARKETING).get("/campaigns/" + campaignId + "/stats").then().statusCode(200)
                .extract().jsonPath().getMap("$");
    }

    private static List<Map<String, Object>> rows(Map<String, Object> stats) {
        return castList(stats.get("steps"));
    }

    private static Map<String, Object> row(Map<String, Object> stats, String variant) {
        return rows(stats).stream().filter(r -> variant.equals(r.get("variant"))).findFirst().orElseThrow();
    }

    private static long sent(Map<String, Object> stats) {
        return rows(stats).stream().mapToLong(r -> ((Number) r.get("sent")).longValue()).sum();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> castList(Object value) {
        return (List<Map<String, Object>>) value;
    }

    /** [message id, lead id, sent at] of the first {@code n} sends of a variant. */
    private List<String[]> messages(String campaignId, String variant, int n) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select id, lead_id, sent_at from send_log where campaign_id = ? and variant = ? order by sent_at limit ?")) {
            s.setObject(1, UUID.fromString(campaignId));
            s.setString(2, variant);
            s.setInt(3, n);
            List<String[]> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new String[]{r.getString(1), r.getString(2), r.getTimestamp(3).toInstant().toString()});
                }
            }
            assertEquals(n, out.size());
            return out;
        }
    }

    /** The click link of the mail with this message id, as GreenMail received it. */
    private static String clickPath(String messageId) throws Exception {
        for (MimeMessage m : SmtpResource.received()) {
            String html = html(m);
            if (html != null && html.contains(messageId)) {
                Matcher link = CLICK.matcher(html);
                while (link.find()) {
                    if (link.group(1).contains(messageId)) {
                        return link.group(1).replace("&amp;", "&");
                    }
                }
            }
        }
        throw new AssertionError("no mail with a click link for " + messageId);
    }

    private String leadStage(String leadId) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select stage from lead_contact where lead_id = ?")) {
            s.setString(1, leadId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    static String text(MimeMessage message) throws Exception {
        return part(message, "text/plain");
    }

    static String html(MimeMessage message) throws Exception {
        return part(message, "text/html");
    }

    private static String part(Part part, String type) throws Exception {
        if (part.isMimeType(type)) {
            return ((String) part.getContent()).replace("\r\n", "\n");
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                String found = part(multipart.getBodyPart(i), type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
