package dev.tandem.e2e.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import dev.tandem.e2e.Suite;
import dev.tandem.testing.TcpRelay;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The seed's story on the rep's phone (headless Chromium, 390×844) and the manager's desk (1366×900), through the
 * gateway of the running suite. The phone reaches the gateway through a relay the test can cut ({@code TcpRelay}):
 * a refused connection is what a tunnel does, and Chromium's emulated offline mode would miss the service worker's
 * traffic. Marketing publishes a scoring model and a recycle campaign; a visitor's demo request makes a lead an MQL,
 * routed to the rep; the rep signs in, finds it at the top of the queue, sees the reasons behind its score, accepts
 * it, logs a visit, loses the connection, records a won deal of ¥1,200,000, reloads (still queued), gets the
 * connection back and the deal lands exactly once; the dashboard shows it in revenue and in the funnel; a second
 * lead rejected with 時期尚早 becomes recycled and re-enters nurture. Every screen passes axe-core; screenshots are
 * kept in {@code target/screenshots/}.
 */
class PhoneAppIT {

    static final String FEEDBACK_SERVICE = "http://127.0.0.1:8084";
    static final String NURTURE_SERVICE = "http://127.0.0.1:8083";
    private static final String MODEL = """
            {"name":"e2e-phone-%s","behaviourRules":[
              {"id":"demo","name":"デモ申込","eventType":"form_submit","points":60}],
             "fitRules":[],"decay":{"halfLifeDays":30},
             "thresholds":{"mql":{"minTotal":50,"minFit":0}},"gradeBands":{"A":40,"B":20,"C":10,"D":0}}
            """;
    /** 時期尚早 (feedback-service's too_early) is published as the LeadRejected reason bad_timing. */
    private static final String RECYCLE_CAMPAIGN = """
            {"name":"時期尚早フォロー %s","trigger":{"type":"recycled","reasonCodes":["bad_timing"]},
             "steps":[{"id":"later","type":"wait","duration":"P30D"}]}
            """;
    private static final LocatorAssertions.HasCountOptions SYNC_TIMER =
            new LocatorAssertions.HasCountOptions().setTimeout(45_000);

    private static Chromium chromium;
    private static TcpRelay network;

    @BeforeAll
    static void start() {
        URI gateway = URI.create(Suite.GATEWAY);
        network = TcpRelay.to(gateway.getHost(), gateway.getPort());
        chromium = new Chromium();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (network != null) {
            network.close();
        }
    }

    private static RequestSpecification as(String base, String role, String subject) {
        return RestAssured.given().baseUri(base).auth().oauth2(Suite.token(role, subject)).contentType(ContentType.JSON);
    }

    @Test
    void theSeedStoryFromThePhoneToTheDashboard() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String email = "sato-" + suffix + "@tandem.example";
        String password = "correct horse " + suffix;
        String repId = as(Suite.GATEWAY, "admin", "admin-e2e")
                .body(Map.of("email", email, "displayName", "佐藤 花子", "roles", List.of("sales"), "password", password))
                .post("/api/admin/users").then().statusCode(201).extract().path("id");

        String team = "phone-" + suffix;
        String prefecture = "東京都" + suffix;
        as(FEEDBACK_SERVICE, "admin", "admin-e2e").body(Map.of("id", team, "name", "関東営業")).post("/teams")
                .then().statusCode(201);
        as(FEEDBACK_SERVICE, "admin", "admin-e2e").body(Map.of("id", repId, "name", "佐藤 花子", "teamId", team,
                        "capacity", 5, "territories", Map.of("countries", List.of("JP"), "prefectures", List.of(prefecture))))
                .post("/reps").then().statusCode(201);

        String modelId = as(Suite.SCORING_SERVICE, "marketing", "mkt-e2e").body(MODEL.formatted(suffix))
                .post("/models").then().statusCode(201).extract().path("id");
        as(Suite.SCORING_SERVICE, "marketing", "mkt-e2e").post("/models/" + modelId + "/publish").then().statusCode(200);
        as(Suite.SCORING_SERVICE, "marketing", "mkt-e2e").post("/models/" + modelId + "/primary").then().statusCode(200);
        String campaignId = as(NURTURE_SERVICE, "marketing", "mkt-e2e").body(RECYCLE_CAMPAIGN.formatted(suffix))
                .post("/campaigns").then().statusCode(201).extract().path("id");
        as(NURTURE_SERVICE, "marketing", "mkt-e2e").body(Map.of("state", "active"))
                .post("/campaigns/" + campaignId + "/state").then().statusCode(200);

        String leadId = mql("kimura-" + suffix + "@acme.example", "木村", "拓也", "株式会社大阪精機", prefecture, repId);

        BigDecimal revenueBefore = revenueThisMonth();
        String app = "http://127.0.0.1:" + network.port() + "/app/";
        try (BrowserContext phone = chromium.phone()) {
            Page page = phone.newPage();
            page.navigate(app);
            page.getByLabel("メールアドレス").fill(email);
            page.getByLabel("パスワード").fill(password);
            Chromium.screenshot(page, "phone-01-sign-in");
            Chromium.assertAccessible(page, "the sign-in screen");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("ログイン")).click();

            Locator first = page.locator("ol.queue > li").first();
            assertThat(first).containsText("木村 拓也");
            assertThat(first).containsText("株式会社大阪精機");
            assertThat(first.locator("ul.reasons")).containsText("デモ申込 (+60)");
            Chromium.screenshot(page, "phone-02-queue");
            // Installed: the service worker controls the page (what a reload without a network opens from).
            page.waitForFunction("() => navigator.serviceWorker.controller !== null");
            Chromium.assertAccessible(page, "the queue");

            first.locator("a.lead-link").click();
            assertThat(page.locator("#profile-h")).hasText("木村 拓也");
            assertThat(page.locator("dl.facts")).containsText("あなた");
            assertThat(page.locator("section[aria-labelledby=score-h] .model.primary ul.reasons")).containsText("デモ申込");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("受け入れる")).click();
            assertThat(page.locator("#flash")).hasText("送信しました。");
            Chromium.screenshot(page, "phone-03-lead-accepted");
            Chromium.assertAccessible(page, "the lead view");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(Suite.LEAD_SERVICE, "marketing", "mkt-e2e")
                    .get("/leads/" + leadId).then().body("stage", equalTo("sql")));

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("接触を記録")).click();
            page.getByLabel("種類").selectOption("visit");
            page.getByLabel("結果").fill("導入時期を確認");
            Chromium.assertAccessible(page, "the visit form");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("記録する")).click();
            assertThat(page.locator("#flash")).hasText("送信しました。");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> as(FEEDBACK_SERVICE, "admin", "admin-e2e")
                    .get("/leads/" + leadId + "/feedback").then().statusCode(200).body("action", hasItem("touch")));

            // The train enters a tunnel: the gateway can no longer be reached.
            network.down();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("商談")).click();
            // A lost deal asks for a deal loss reason (not a rejection reason code); a won deal does not.
            page.getByLabel("商談の操作").selectOption("dealLost");
            Locator lossReason = page.getByLabel("失注理由");
            assertThat(lossReason.locator("option", new Locator.LocatorOptions().setHasText("機能不足"))).hasCount(1);
            assertThat(lossReason.locator("option", new Locator.LocatorOptions().setHasText("時期尚早"))).hasCount(0);
            page.getByLabel("商談の操作").selectOption("dealWon");
            assertThat(lossReason).isHidden();
            page.getByLabel("金額").fill("1200000");
            Chromium.screenshot(page, "phone-04-deal-form");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("記録する")).click();
            assertThat(page.locator("#flash")).hasText("保存しました。接続が戻ると送信されます。");

            page.reload();
            page.navigate(app + "#/sync");
            Chromium.screenshot(page, "phone-05-offline-pending");
            Locator pending = page.locator("ol.sync > li.pending");
            assertThat(pending).hasCount(1);
            assertThat(pending).containsText("受注");
            assertThat(pending).containsText("1,200,000");
            Chromium.assertAccessible(page, "the sync screen offline");
            as(FEEDBACK_SERVICE, "admin", "admin-e2e").get("/leads/" + leadId + "/deals").then()
                    .statusCode(200).body("$", hasSize(0));

            // Out of the tunnel: the phone sends what it kept (on its timer), once.
            network.up();
            assertThat(pending).hasCount(0, SYNC_TIMER);
            assertEquals(List.of(), page.locator("ol.sync > li.refused").allInnerTexts(), "actions the server refused");
            assertThat(page.locator("ol.sync > li.synced")).hasCount(3);
            Chromium.screenshot(page, "phone-06-synced");

            // The visit reached the lead's timeline (feedback-service publishes it as an activity), beside online ones.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(Suite.LEAD_SERVICE, "marketing", "mkt-e2e")
                    .get("/leads/" + leadId + "/timeline").then().body("items.type", hasItem("visit")));
            page.navigate(app + "#/lead/" + leadId);
            Locator timeline = page.locator("section[aria-labelledby=timeline-h]");
            assertThat(timeline).containsText("訪問");
            assertThat(timeline).containsText("導入時期を確認");
            assertThat(timeline).containsText("フォーム送信");
            assertThat(timeline).containsText("MQL → SQL");
            Chromium.screenshot(page, "phone-07-lead-timeline");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(Suite.LEAD_SERVICE, "marketing", "mkt-e2e")
                .get("/leads/" + leadId).then().body("stage", equalTo("customer")));
        Object amount = as(FEEDBACK_SERVICE, "admin", "admin-e2e").get("/leads/" + leadId + "/deals").then()
                .statusCode(200).body("$", hasSize(1)).body("[0].status", equalTo("won"))
                .body("[0].currency", equalTo("JPY")).extract().path("[0].amount");
        assertEquals(0, new BigDecimal("1200000").compareTo(new BigDecimal(String.valueOf(amount))), "amount " + amount);

        // Not now: a second MQL, rejected as too early, goes back to marketing and re-enters nurture.
        String laterId = mql("yamada-" + suffix + "@acme.example", "山田", "一郎", "山田工業株式会社", prefecture, repId);
        try (BrowserContext phone = chromium.phone()) {
            Page page = phone.newPage();
            signIn(page, app, email, password);
            page.locator("ol.queue > li").filter(new Locator.FilterOptions().setHasText("山田 一郎"))
                    .locator("a.lead-link").click();
            assertThat(page.locator("#profile-h")).hasText("山田 一郎");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("見送る")).click();
            page.getByLabel("理由", new Page.GetByLabelOptions().setExact(true)).selectOption(new SelectOption().setLabel("時期尚早"));
            page.getByLabel("メモ").fill("来期の予算で再検討");
            Chromium.screenshot(page, "phone-08-reject");
            Chromium.assertAccessible(page, "the reject form");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("記録する")).click();
            assertThat(page.locator("#flash")).hasText("送信しました。");

            // The English switch re-renders the same screen.
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("English")).click();
            assertThat(page.locator("#header nav")).containsText("Queue");
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Accept"))).isVisible();
            Chromium.screenshot(page, "phone-09-lead-english");

            // The phone is lost: an admin ends the rep's sign-ins. The next load asks to sign in and drops the kept
            // queue, even though it was painted from the phone's copy first.
            as(Suite.GATEWAY, "admin", "admin-e2e").body(Map.of("password", "another horse " + suffix))
                    .post("/api/admin/users/" + repId + "/password").then().statusCode(204);
            page.reload();
            assertThat(page.locator("#login")).isVisible();
            assertEquals(List.of(), page.evaluate("""
                    () => new Promise((resolve) => {
                      const open = indexedDB.open('tandem');
                      open.onsuccess = () => {
                        const keys = open.result.transaction('cache').objectStore('cache').getAllKeys();
                        keys.onsuccess = () => resolve(keys.result);
                      };
                    })"""), "nothing of the rep's is kept on the phone");
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> as(Suite.LEAD_SERVICE, "marketing", "mkt-e2e")
                .get("/leads/" + laterId).then().body("stage", equalTo("recycled")));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> as(NURTURE_SERVICE, "marketing", "mkt-e2e")
                .queryParam("leadId", laterId).get("/enrollments").then().statusCode(200)
                .body("findAll { it.campaignId == '" + campaignId + "' }.state", hasItem("active")));

        // The manager's desk: the month's revenue against the shared goal includes the deal.
        String managerEmail = "manager-" + suffix + "@tandem.example";
        as(Suite.GATEWAY, "admin", "admin-e2e").body(Map.of("email", managerEmail, "displayName", "高橋 部長",
                        "roles", List.of("marketing"), "password", password))
                .post("/api/admin/users").then().statusCode(201);
        try (BrowserContext desk = chromium.desktop()) {
            Page page = desk.newPage();
            signIn(page, app, managerEmail, password);
            page.navigate(app + "dashboard");
            Locator revenue = page.locator("#kgi .tile").filter(new Locator.FilterOptions().setHasText("売上 (JPY)"));
            assertThat(revenue).containsText("￥" + String.format("%,d", revenueBefore.add(new BigDecimal(1_200_000)).longValueExact()));
            assertThat(page.locator("#funnel .body > table")).containsText("SQL");
            assertThat(page.locator("#rejections")).containsText("時期尚早");
            for (String series : List.of("リード数", "転換数")) {
                assertThat(page.locator("#funnel .u-legend .u-series").filter(new Locator.FilterOptions()
                        .setHasText(series))).isVisible();
            }
            assertThat(page.locator("#digest")).containsText("今週");
            assertThat(page.locator("#digest")).containsText("山田 一郎 — 佐藤 花子: 来期の予算で再検討");
            assertThat(page.locator("#sla")).containsText("営業側");
            assertThat(page.locator("#campaigns table.campaign-figures")).containsText("開封");
            assertThat(page.locator("#backtest")).containsText("モデル");
            Chromium.screenshot(page, "desktop-01-dashboard");
            Chromium.assertAccessible(page, "the dashboard");
            page.setViewportSize(390, 844);
            Chromium.screenshot(page, "phone-10-dashboard");
            Chromium.assertAccessible(page, "the dashboard at phone size");
        }
    }

    /** A lead in the rep's territory whose demo request makes it an MQL under the primary model; routed to the rep. */
    private static String mql(String email, String lastName, String firstName, String company, String prefecture,
                              String repId) {
        String leadId = as(Suite.LEAD_SERVICE, "marketing", "mkt-e2e")
                .body(Map.of("email", email, "lastName", lastName, "firstName", firstName, "company", company,
                        "country", "JP", "attributes", Map.of("prefecture", prefecture)))
                .post("/leads").then().statusCode(201).extract().path("id");
        await().atMost(Duration.ofSeconds(10)).until(() -> as(FEEDBACK_SERVICE, "admin", "admin-e2e")
                .get("/leads/" + leadId + "/feedback").statusCode() == 200);
        as(Suite.LEAD_SERVICE, "tracker", "tracker-e2e").body(Map.of("leadId", leadId, "type", "form_submit",
                        "occurredAt", Instant.now().toString(), "properties", Map.of("form", "demo")))
                .post("/activities").then().statusCode(202);
        // 30 s: on a suite just started (this test may run first) the score.events consumers are still joining
        // their groups; seen taking over 10 s on a fresh `./tandem up`.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(Suite.LEAD_SERVICE, "marketing", "mkt-e2e")
                .get("/leads/" + leadId).then().body("stage", equalTo("mql")).body("ownerId", equalTo(repId)));
        return leadId;
    }

    /** This month's won revenue in JPY (the company's month, Asia/Tokyo), as feedback-service's KGI counts it. */
    private static BigDecimal revenueThisMonth() {
        String month = YearMonth.now(ZoneId.of("Asia/Tokyo")).toString();
        List<Map<String, Object>> metrics = as(FEEDBACK_SERVICE, "marketing", "mkt-e2e").get("/kgi/" + month).then()
                .statusCode(200).extract().path("metrics.findAll { it.metric == 'revenue' && it.currency == 'JPY' }");
        return metrics.isEmpty() ? BigDecimal.ZERO : new BigDecimal(String.valueOf(metrics.get(0).get("actual")));
    }

    private static void signIn(Page page, String app, String email, String password) {
        page.navigate(app);
        page.getByLabel("メールアドレス").fill(email);
        page.getByLabel("パスワード").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("ログイン")).click();
        page.locator("ol.queue, main p").first().waitFor();
    }
}
