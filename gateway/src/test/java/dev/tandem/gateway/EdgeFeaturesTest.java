package dev.tandem.gateway;

import dev.tandem.gateway.ratelimit.GatewayRateLimiter;
import dev.tandem.gateway.ratelimit.RateDecision;
import dev.tandem.gateway.ratelimit.RatePolicy;
import dev.tandem.testing.JwtKeys;
import dev.tandem.testing.PostgresResource;
import dev.tandem.testing.TestJwt;
import io.agroal.api.AgroalDataSource;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

@QuarkusTest
@TestProfile(GatewayTestProfile.class)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = UpstreamStubs.class, restrictToAnnotatedClass = true)
class EdgeFeaturesTest {

    @Inject
    AgroalDataSource dataSource;

    private static String keyToken(String keyId) {
        return Jwt.issuer("https://tandem.dev").subject("apikey-" + keyId).groups(Set.of(TestJwt.TRACKER))
                .claim("key_id", keyId).expiresIn(Duration.ofMinutes(5)).jws().keyId("test")
                .sign(JwtKeys.testPrivateKey());
    }

    // ---- rate limits ------------------------------------------------------------------------------------------

    @Test
    void aKeyPastItsQuotaGets429WithTheDraftHeadersAndRetryAfter() {
        String token = "Bearer " + keyToken("k-small");
        for (int remaining = 2; remaining >= 0; remaining--) {
            // t: seconds until the bucket is whole again, 20 s per request taken at 3 per minute (less what refilled
            // meanwhile).
            Response allowed = given().header("Authorization", token).get("/api/activities/limited");
            allowed.then().statusCode(200).header("RateLimit-Policy", "\"key-k-small\";q=3;w=60")
                    .header("RateLimit", org.hamcrest.Matchers.startsWith("\"key-k-small\";r=" + remaining + ";t="));
            int reset = Integer.parseInt(allowed.header("RateLimit").replaceAll(".*;t=", ""));
            org.junit.jupiter.api.Assertions.assertTrue(reset > (2 - remaining) * 20 && reset <= (3 - remaining) * 20,
                    "t=" + reset + " with " + remaining + " left");
        }
        Response refused = given().header("Authorization", token).get("/api/activities/limited");
        int retryAfter = Integer.parseInt(refused.header("Retry-After"));
        org.junit.jupiter.api.Assertions.assertTrue(retryAfter >= 1 && retryAfter <= 20, "Retry-After " + retryAfter);
        refused.then().statusCode(429)
                .contentType("application/problem+json").body("policy", equalTo("key-k-small"))
                .header("RateLimit-Policy", "\"key-k-small\";q=3;w=60")
                .header("RateLimit", org.hamcrest.Matchers.startsWith("\"key-k-small\";r=0;t="));
        assertEquals(3, UpstreamStubs.hits("lead", "/activities/limited"), "the refused request was not proxied");
    }

    @Test
    void aUserIsLimitedByTheQuotaOfItsRole() {
        given().header("Authorization", "Bearer " + TestJwt.token(TestJwt.SALES, "rep-rl")).get("/api/queue")
                .then().statusCode(200).header("RateLimit-Policy", "\"user-sales\";q=600;w=60");
    }

    @Test
    void twoGatewayReplicasShareOneSmallLimitExactly() throws Exception {
        // Two limiters with their own Bucket4j proxy managers on the same table: two replicas. A quota of 10 at
        // the configured local share gives no local token, so every take is counted in PostgreSQL.
        GatewayRateLimiter first = replica(dataSource, 0.02);
        GatewayRateLimiter second = replica(dataSource, 0.02);
        RatePolicy policy = new RatePolicy("shared-test", 10, Duration.ofMinutes(10));
        assertEquals(0, first.localTokens(policy));
        assertEquals(10, admitted(first, second, policy, "user:shared", 40), "exactly the quota across both replicas");
    }

    @Test
    void twoReplicasWithLocalSharesOverSpendAtMostTheirShares() throws Exception {
        // Quota 200 per 10 min, 5 % local share: each replica may take 10 tokens without asking PostgreSQL.
        GatewayRateLimiter first = replica(dataSource, 0.05);
        GatewayRateLimiter second = replica(dataSource, 0.05);
        RatePolicy policy = new RatePolicy("shared-local", 200, Duration.ofMinutes(10));
        long local = first.localTokens(policy);
        assertEquals(10, local);
        long allowed = admitted(first, second, policy, "user:local", 1000);
        // Refill over the test's few seconds is under one token (200 per 600 s): the bound is the quota plus
        // both replicas' local shares.
        assertTrue(allowed >= 200 && allowed <= 200 + 2 * local,
                "admitted " + allowed + ", bound " + (200 + 2 * local));
        // What was over-spent is owed: once both replicas have reported, neither admits anything more.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertFalse(first.take(policy, "user:local").allowed());
            assertFalse(second.take(policy, "user:local").allowed());
        });
    }

    @Test
    void aLocalShareSavesMostRoundTrips() {
        AtomicInteger connections = new AtomicInteger();
        DataSource counted = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        connections.incrementAndGet();
                    }
                    try {
                        return method.invoke(dataSource, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        // Quota 1,000 per minute, 2 % local share: 20 tokens per round trip (or one per second, whichever first).
        GatewayRateLimiter limiter = replica(counted, 0.02);
        RatePolicy policy = new RatePolicy("round-trips", 1000, Duration.ofMinutes(1));
        for (int i = 0; i < 200; i++) {
            assertTrue(limiter.take(policy, "user:trips").allowed());
        }
        // Creating the bucket, then one round trip per 20 takes; 200 round trips without the local share.
        assertTrue(connections.get() <= 15, connections.get() + " connections for 200 takes");
    }

    private static long admitted(GatewayRateLimiter first, GatewayRateLimiter second, RatePolicy policy,
                                 String subject, int takes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<RateDecision>> calls = new ArrayList<>();
            for (int i = 0; i < takes; i++) {
                GatewayRateLimiter replica = i % 2 == 0 ? first : second;
                calls.add(() -> replica.take(policy, subject));
            }
            long allowed = 0;
            for (Future<RateDecision> decision : pool.invokeAll(calls)) {
                allowed += decision.get().allowed() ? 1 : 0;
            }
            return allowed;
        } finally {
            pool.shutdown();
        }
    }

    private static GatewayRateLimiter replica(DataSource dataSource, double localShare) {
        return new GatewayRateLimiter(Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING).table("rate_limit_bucket").idColumn("id")
                .stateColumn("state").build(), localShare, Duration.ofSeconds(1));
    }

    @Test
    void signInIsLimitedPerAccountInTheResourceAndPerIpBeforeIt() {
        for (int i = 0; i < 2; i++) {
            given().contentType("application/json").body("{\"email\":\"Sato@Example.jp\",\"password\":\"x\"}")
                    .post("/test-sign-in").then().statusCode(200).body("email", equalTo("Sato@Example.jp"))
                    .body("fields", equalTo(2)).header("RateLimit-Policy", "\"login-ip\";q=6;w=60");
        }
        // The same account in other case: the third attempt of it.
        given().contentType("application/json").body("{\"email\":\"sato@example.jp\",\"password\":\"x\"}")
                .post("/test-sign-in").then().statusCode(429).contentType("application/problem+json")
                .body("policy", equalTo("login-account"))
                .header("RateLimit-Policy", "\"login-account\";q=2;w=300").header("Retry-After", notNullValue());
        // Other accounts from the same address: the IP's quota of 6 runs out (3 used above).
        for (int i = 0; i < 3; i++) {
            given().contentType("application/json").body("{\"email\":\"u" + i + "@example.jp\"}")
                    .post("/test-sign-in").then().statusCode(200);
        }
        given().contentType("application/json").body("{\"email\":\"u9@example.jp\"}").post("/test-sign-in")
                .then().statusCode(429).body("policy", equalTo("login-ip")).header("Retry-After", notNullValue());
    }

    // ---- browser safety -----------------------------------------------------------------------------------------

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredByTheGateway() {
        long before = UpstreamStubs.RECEIVED.size();
        given().header("Origin", "http://localhost:8080").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/api/leads").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "http://localhost:8080")
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Credentials", "true");
        assertEquals(before, UpstreamStubs.RECEIVED.size(), "no upstream saw the preflight");
    }

    @Test
    void aRefusedOriginGetsNoCorsHeaders() {
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/api/leads").then()
                .header("Access-Control-Allow-Origin", nullValue());
        Response answer = given().header("Origin", "https://evil.example")
                .header("Authorization", "Bearer " + TestJwt.token(TestJwt.ADMIN)).get("/api/leads/cors");
        assertNull(answer.header("Access-Control-Allow-Origin"));
    }

    @Test
    void anAllowedOriginsActualRequestCarriesTheExposedHeaders() {
        given().header("Origin", "http://127.0.0.1:8080")
                .header("Authorization", "Bearer " + TestJwt.token(TestJwt.ADMIN)).get("/api/leads/cors-ok").then()
                .statusCode(200).header("Access-Control-Allow-Origin", "http://127.0.0.1:8080")
                .header("Access-Control-Expose-Headers", containsString("RateLimit"));
    }

    @Test
    void securityHeadersOnEveryAnswer() {
        given().header("Authorization", "Bearer " + TestJwt.token(TestJwt.ADMIN)).get("/api/leads/headers").then()
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "strict-origin-when-cross-origin")
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Strict-Transport-Security", nullValue());
        given().get("/app/").then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
        given().get("/app/missing.js").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void servesTheWebAppWithHashedAssetsCachedForAYear() {
        String page = given().get("/app/").then().statusCode(200).contentType(containsString("text/html"))
                .header("Cache-Control", "no-cache")
                .body(containsString("<link rel=\"manifest\" href=\"/app/manifest.webmanifest\">"))
                .extract().asString();
        java.util.regex.Matcher script = java.util.regex.Pattern
                .compile("src=\"(/app/assets/app-[A-Z0-9]+\\.js)\"").matcher(page);
        org.junit.jupiter.api.Assertions.assertTrue(script.find(), "the page names its hashed script: " + page);
        given().get(script.group(1)).then().statusCode(200).contentType(containsString("javascript"))
                .header("Cache-Control", "public, max-age=31536000, immutable");
        given().get("/app/sw.js").then().statusCode(200).header("Cache-Control", "no-cache")
                .header("Service-Worker-Allowed", "/app/").body(containsString("tandem-app-"));
        given().get("/app/dashboard").then().statusCode(200).body(containsString("/app/assets/dashboard-"));
        given().redirects().follow(false).get("/app").then().statusCode(302).header("Location", containsString("/app/"));
    }

    @Test
    void hstsOnlyBehindTls() {
        // The test client's address is a trusted proxy in this profile; it reports the original request was https.
        given().header("X-Forwarded-Proto", "https").get("/app/").then()
                .header("Strict-Transport-Security", containsString("max-age=31536000"));
        given().get("/app/").then().header("Strict-Transport-Security", nullValue());
    }

    // ---- lead 360 ----------------------------------------------------------------------------------------------

    @Test
    void lead360GathersThePartsAndMarksTheOneWhoseServiceIsDown() {
        UpstreamStubs.ANSWERS.put("lead /leads/L1", new UpstreamStubs.Answer(200, "application/json",
                "{\"id\":\"L1\",\"name\":\"山田 太郎\"}"));
        UpstreamStubs.ANSWERS.put("scoring /scores/L1", new UpstreamStubs.Answer(200, "application/json",
                "{\"leadId\":\"L1\",\"total\":42}"));
        String token = "Bearer " + TestJwt.token(TestJwt.SALES, "rep-360");
        given().header("Authorization", token).get("/api/leads/L1/360").then().statusCode(200)
                .body("leadId", equalTo("L1"))
                .body("lead.status", equalTo("ok")).body("lead.data.name", equalTo("山田 太郎"))
                .body("scores.data.total", equalTo(42))
                .body("timeline.status", equalTo("ok"))
                .body("timeline.data.uri", equalTo("/leads/L1/timeline?order=desc&size=20"))
                .body("feedback.status", equalTo("ok")).body("deals.status", equalTo("ok"))
                .body("enrollments.status", equalTo("unavailable"));
        // Each part was asked with the caller's own token.
        UpstreamStubs.received("feedback", "/leads/L1/feedback")
                .forEach(r -> assertEquals(List.of(token), r.headers().get("Authorization")));
    }

    @Test
    void lead360MarksTimedOutPartsAndStillAnswers() {
        // The stubs never answer a path ending in /slow: here the lead and the score.
        given().header("Authorization", "Bearer " + TestJwt.token(TestJwt.ADMIN)).get("/api/leads/slow/360").then()
                .statusCode(200)
                .body("lead.status", equalTo("unavailable")).body("lead.reason", equalTo("timeout"))
                .body("scores.status", equalTo("unavailable")).body("scores.reason", equalTo("timeout"))
                .body("timeline.status", equalTo("ok"));
    }

    @Test
    void lead360IsA404WhenLeadServiceSaysSo() {
        UpstreamStubs.ANSWERS.put("lead /leads/other-reps", new UpstreamStubs.Answer(404, "application/problem+json",
                "{\"type\":\"https://tandem.dev/problems/not-found\",\"title\":\"Not Found\",\"status\":404}"));
        given().header("Authorization", "Bearer " + TestJwt.token(TestJwt.SALES, "rep-x"))
                .get("/api/leads/other-reps/360").then().statusCode(404).contentType("application/problem+json");
        given().get("/api/leads/L1/360").then().statusCode(401);
    }

    // ---- one API description -----------------------------------------------------------------------------------

    @Test
    void theMergedOpenApiListsEveryServiceUnderApiAndNamesTheUnreachable() {
        UpstreamStubs.ANSWERS.put("lead /q/openapi", new UpstreamStubs.Answer(200, "application/json", """
                {"openapi":"3.1.0","info":{"title":"lead","version":"1"},"paths":{"/leads/{id}":{"get":
                {"operationId":"getLead","responses":{"200":{"description":"ok"}}}}}}"""));
        UpstreamStubs.ANSWERS.put("scoring /q/openapi", new UpstreamStubs.Answer(200, "application/json", """
                {"openapi":"3.1.0","info":{"title":"scoring","version":"1"},"paths":{"/models":{"get":
                {"operationId":"listModels","responses":{"200":{"description":"ok"}}}}}}"""));
        UpstreamStubs.ANSWERS.put("feedback /q/openapi", new UpstreamStubs.Answer(200, "application/json", """
                {"openapi":"3.1.0","info":{"title":"feedback","version":"1"},"paths":{"/leads/{id}/feedback":{"get":
                {"operationId":"leadFeedback","responses":{"200":{"description":"ok"}}}}}}"""));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                given().get("/q/openapi?format=json").then().statusCode(200)
                        .body("info.title", equalTo("Tandem API"))
                        .body("paths.'/api/leads/{id}'.get.operationId", equalTo("getLead"))
                        .body("paths.'/api/models'.get.operationId", equalTo("listModels"))
                        .body("paths.'/api/leads/{id}/feedback'.get.operationId", equalTo("leadFeedback"))
                        .body("paths.'/api/leads/{id}/360'.get", notNullValue())
                        .body("paths.'/leads/{id}'", nullValue())
                        .body("x-tandem-unavailable", hasItem("nurture-service"))
                        .body("x-tandem-unavailable", not(hasItem("lead-service")))
                        .body("externalDocs.url", equalTo("/asyncapi.yaml")));
        given().get("/q/openapi").then().statusCode(200).contentType(containsString("yaml"))
                .body(containsString("/api/models"));
        given().get("/asyncapi.yaml").then().statusCode(200).body(containsString("asyncapi: 3.0.0"));
        given().get("/q/swagger-ui/").then().statusCode(200).contentType(containsString("text/html"));
    }
}
