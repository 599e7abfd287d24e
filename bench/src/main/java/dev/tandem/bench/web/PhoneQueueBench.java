package dev.tandem.bench.web;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.RequestOptions;
import com.google.gson.JsonObject;
import dev.tandem.bench.SuiteOptions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time to a usable queue on the sales rep's phone (Debian's headless Chromium at 390×844 through the gateway of a
 * running suite): from navigation to {@code /app/} until the queue's first lead is on screen, for a rep who signed
 * in before (the refresh cookie resumes the session). Cold: empty HTTP cache and no service worker. Warm: the service
 * worker installed and the shell cached. Each on a throttled network (Chromium's emulation, default 1.6 Mbit/s down,
 * 750 kbit/s up, 150 ms RTT — the "slow 4G") and, as the baseline of the same run, unthrottled.
 *
 * <p>Chromium applies network emulation to the page's own requests; the service worker's fetches (the warm run's API
 * calls go through it) are not throttled, so the warm figure has one throttled round trip fewer than a real slow
 * network would give (the page's navigation request is still throttled).
 *
 * <p>Options: {@code --gateway http://127.0.0.1:8080 --keys .tandem/keys --leads 20 --runs 5 --down-kbps 1600
 * --up-kbps 750 --rtt-ms 150}.
 */
public final class PhoneQueueBench {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final String MODEL = """
            {"name":"bench-phone-%s","behaviourRules":[
              {"id":"demo","name":"デモ申込","eventType":"form_submit","points":60}],
             "fitRules":[],"decay":{"halfLifeDays":30},
             "thresholds":{"mql":{"minTotal":50,"minFit":0}},"gradeBands":{"A":40,"B":20,"C":10,"D":0}}
            """;

    private final SuiteOptions options;
    private final String gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PhoneQueueBench(SuiteOptions options) {
        this.options = options;
        gateway = options.get("gateway", "http://127.0.0.1:8080");
    }

    public static void main(String[] args) throws Exception {
        new PhoneQueueBench(SuiteOptions.parse(args)).run();
    }

    private void run() throws Exception {
        int leads = options.getInt("leads", 20);
        int runs = options.getInt("runs", 5);
        if (runs > 10) {
            throw new IllegalArgumentException("--runs at most 10: each run signs a rep in, and the gateway allows 10 sign-ins per account in 5 minutes");
        }
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        preparePrimaryModel(suffix);
        // One rep per pass, so no account signs in more often than the gateway's per-account limit allows.
        Rep[] reps = new Rep[4];
        for (int pass = 0; pass < reps.length; pass++) {
            reps[pass] = prepareRep(suffix + "-" + pass, leads);
        }

        JsonObject slow = new JsonObject();
        slow.addProperty("offline", false);
        slow.addProperty("latency", options.getInt("rtt-ms", 150));
        slow.addProperty("downloadThroughput", options.getInt("down-kbps", 1600) * 1000 / 8);
        slow.addProperty("uploadThroughput", options.getInt("up-kbps", 750) * 1000 / 8);

        String executable = System.getenv().getOrDefault("TANDEM_CHROMIUM", "/usr/bin/chromium");
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                     .setExecutablePath(Path.of(executable)).setHeadless(true)
                     .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking")))) {
            long[][] figures = new long[4][runs];
            for (int i = 0; i < runs; i++) {
                figures[0][i] = timeToQueue(browser, reps[0], null, false);
                figures[1][i] = timeToQueue(browser, reps[1], slow, false);
                figures[2][i] = timeToQueue(browser, reps[2], null, true);
                figures[3][i] = timeToQueue(browser, reps[3], slow, true);
            }
            System.out.printf("%n%d leads in the queue, %d runs each, median (min–max) ms from navigation to the first lead%n",
                    leads, runs);
            String[] names = {"cold, unthrottled (baseline)", "cold, throttled", "warm service worker, unthrottled (baseline)",
                    "warm service worker, throttled"};
            for (int i = 0; i < names.length; i++) {
                long[] sorted = figures[i].clone();
                Arrays.sort(sorted);
                System.out.printf("%-46s %6d (%d–%d)%n", names[i], sorted[sorted.length / 2], sorted[0],
                        sorted[sorted.length - 1]);
            }
        }
    }

    /** Milliseconds from navigation until the queue's first lead is visible. */
    private long timeToQueue(Browser browser, Rep rep, JsonObject network, boolean warm) {
        try (BrowserContext context = phone(browser)) {
            signIn(context, rep);
            Page page = context.newPage();
            if (warm) {
                page.navigate(gateway + "/app/");
                page.locator("ol.queue > li").first().waitFor();
                page.waitForFunction("navigator.serviceWorker.controller !== null");
            }
            if (network != null) {
                CDPSession cdp = context.newCDPSession(page);
                cdp.send("Network.enable");
                cdp.send("Network.emulateNetworkConditions", network);
            }
            long start = System.nanoTime();
            page.navigate(gateway + "/app/");
            page.locator("ol.queue > li").first().waitFor();
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    private static BrowserContext phone(Browser browser) {
        return browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(390, 844).setDeviceScaleFactor(3).setIsMobile(true).setHasTouch(true)
                .setLocale("ja-JP").setTimezoneId("Asia/Tokyo"));
    }

    /**
     * A rep who signed in yesterday: the context gets its own refresh cookie from the gateway (each context its own
     * sign-in — one refresh token shared by two contexts would be a reuse, which revokes the family).
     */
    private void signIn(BrowserContext context, Rep rep) {
        APIResponse answer = context.request().post(gateway + "/auth/login", RequestOptions.create()
                .setHeader("Content-Type", "application/json")
                .setData(Map.of("email", rep.email(), "password", rep.password())));
        if (answer.status() != 200) {
            throw new IllegalStateException("sign-in → " + answer.status() + " " + answer.text());
        }
    }

    private record Rep(String email, String password) {
    }

    /** The primary model the reps' leads qualify under (a demo request makes an MQL). */
    private void preparePrimaryModel(String suffix) throws Exception {
        String marketing = options.token("marketing");
        String modelId = id(send(marketing, "POST", "/api/models", MODEL.formatted(suffix)));
        send(marketing, "POST", "/api/models/" + modelId + "/publish", null);
        send(marketing, "POST", "/api/models/" + modelId + "/primary", null);
    }

    /** A sales user with a rep record and {@code leads} MQLs routed to them (demo requests). */
    private Rep prepareRep(String suffix, int leads) throws Exception {
        String admin = options.token("admin");
        String marketing = options.token("marketing");
        String tracker = options.token("tracker");
        String email = "bench-rep-" + suffix + "@tandem.example";
        String password = "bench horse " + suffix;
        String repId = id(send(admin, "POST", "/api/admin/users", """
                {"email":"%s","displayName":"ベンチ 営業","roles":["sales"],"password":"%s"}""".formatted(email, password)));
        String prefecture = "ベンチ県" + suffix;
        send(admin, "POST", "/api/teams", "{\"id\":\"bench-" + suffix + "\",\"name\":\"ベンチ\"}");
        send(admin, "POST", "/api/reps", """
                {"id":"%s","name":"ベンチ 営業","teamId":"bench-%s","capacity":1000,
                 "territories":{"countries":["JP"],"prefectures":["%s"]}}""".formatted(repId, suffix, prefecture));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < leads; i++) {
            ids.add(id(send(marketing, "POST", "/api/leads", """
                    {"email":"bench-%s-%d@acme.example","lastName":"山本","firstName":"%d","company":"ベンチ株式会社",
                     "country":"JP","attributes":{"prefecture":"%s"}}""".formatted(suffix, i, i, prefecture))));
        }
        Thread.sleep(2000); // feedback-service learns of the leads from lead.events before they qualify
        for (String leadId : ids) {
            send(tracker, "POST", "/api/activities", """
                    {"leadId":"%s","type":"form_submit","occurredAt":"%s","properties":{"form":"demo"}}"""
                    .formatted(leadId, Instant.now()));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String lead = send(admin, "GET", "/api/leads/" + ids.get(ids.size() - 1), null);
            if (lead.replace(" ", "").contains("\"ownerId\":\"" + repId + "\"")) {
                return new Rep(email, password);
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the bench leads were not routed to the rep within 60 s");
    }

    private String send(String token, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30));
        request = body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " → " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static String id(String json) {
        Matcher m = ID.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + json);
        }
        return m.group(1);
    }
}
