package dev.tandem.e2e.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.tandem.e2e.Suite;
import dev.tandem.testing.TcpRelay;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * The sales rep's phone, in headless Chromium at 390×844 through the gateway of the running suite (reached through a
 * relay the test can cut, {@code TcpRelay}): a lead that became an MQL is routed to the rep, who signs in, finds it at
 * the top of the queue with its company, opens it and accepts it with one tap; the lead is then in stage sql. Each
 * screen passes axe-core; screenshots are kept in {@code target/screenshots/}. Runs against ./tandem up.
 */
class PhoneAppIT {

    static final String FEEDBACK_SERVICE = "http://127.0.0.1:8084";
    private static final String MODEL = """
            {"name":"e2e-phone-%s","behaviourRules":[
              {"id":"demo","name":"デモ申込","eventType":"form_submit","points":60}],
             "fitRules":[],"decay":{"halfLifeDays":30},
             "thresholds":{"mql":{"minTotal":50,"minFit":0}},"gradeBands":{"A":40,"B":20,"C":10,"D":0}}
            """;

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
    void theRepWorksAnMqlFromThePhoneAndAnOfflineDealSyncsOnce() {
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

        String leadId = as(Suite.LEAD_SERVICE, "marketing", "mkt-e2e")
                .body(Map.of("email", "kimura-" + suffix + "@acme.example", "lastName", "木村", "firstName", "拓也",
                        "company", "株式会社大阪精機", "country", "JP", "attributes", Map.of("prefecture", prefecture)))
                .post("/leads").then().statusCode(201).extract().path("id");
        await().atMost(Duration.ofSeconds(10)).until(() -> as(FEEDBACK_SERVICE, "admin", "admin-e2e")
                .get("/leads/" + leadId + "/feedback").statusCode() == 200);
        as(Suite.LEAD_SERVICE, "tracker", "tracker-e2e").body(Map.of("leadId", leadId, "type", "form_submit",
                        "occurredAt", Instant.now().toString(), "properties", Map.of("form", "demo")))
                .post("/activities").then().statusCode(202);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(Suite.LEAD_SERVICE, "marketing", "mkt-e2e")
                .get("/leads/" + leadId).then().body("stage", equalTo("mql")).body("ownerId", equalTo(repId)));

        String app = "http://127.0.0.1:" + network.port() + "/app/";
        try (BrowserContext phone = chromium.phone()) {
            Page page = phone.newPage();
            page.navigate(app);
            page.getByLabel("メールアドレス").fill(email);
            page.getByLabel("パスワード").fill(password);
            Chromium.screenshot(page, "01-sign-in");
            Chromium.assertAccessible(page, "the sign-in screen");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("ログイン")).click();

            Locator first = page.locator("ol.queue > li").first();
            assertThat(first).containsText("木村 拓也");
            assertThat(first).containsText("株式会社大阪精機");
            Chromium.screenshot(page, "02-queue");
            Chromium.assertAccessible(page, "the queue");

            first.locator("a.lead-link").click();
            assertThat(page.locator("#profile-h")).hasText("木村 拓也");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("受け入れる")).click();
            assertThat(page.locator("#flash")).hasText("送信しました。");
            Chromium.screenshot(page, "03-lead-accepted");
            Chromium.assertAccessible(page, "the lead view");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(Suite.LEAD_SERVICE, "marketing", "mkt-e2e")
                    .get("/leads/" + leadId).then().body("stage", equalTo("sql")));
        }
    }
}
