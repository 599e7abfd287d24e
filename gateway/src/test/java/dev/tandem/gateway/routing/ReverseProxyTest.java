package dev.tandem.gateway.routing;

import dev.tandem.gateway.GatewayTestProfile;
import dev.tandem.gateway.RawHttp;
import dev.tandem.gateway.UpstreamStubs;
import dev.tandem.gateway.identity.service.VerifiedTokens;
import dev.tandem.testing.JwtKeys;
import dev.tandem.testing.PostgresResource;
import dev.tandem.testing.TestJwt;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@TestProfile(GatewayTestProfile.class)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = UpstreamStubs.class, restrictToAnnotatedClass = true)
class ReverseProxyTest {

    private static final String MARKETING = "Bearer " + TestJwt.token(TestJwt.MARKETING, "mk-proxy");

    @TestHTTPResource("/")
    URL root;

    @Inject
    VerifiedTokens tokens;

    @Test
    void routesByFirstSegmentWithApiRemoved() {
        given().header("Authorization", MARKETING).get("/api/leads/42?x=1").then().statusCode(200)
                .body("stub", equalTo("lead")).body("uri", equalTo("/leads/42?x=1"));
        given().header("Authorization", MARKETING).get("/api/models").then().statusCode(200)
                .body("stub", equalTo("scoring")).body("uri", equalTo("/models"));
        given().header("Authorization", MARKETING).get("/api/queue").then().statusCode(200)
                .body("stub", equalTo("feedback"));
    }

    @Test
    void leadSubResourcesOfFeedbackAreMoreSpecificThanLeads() {
        given().header("Authorization", MARKETING).get("/api/leads/42/feedback").then().statusCode(200)
                .body("stub", equalTo("feedback")).body("uri", equalTo("/leads/42/feedback"));
        given().header("Authorization", MARKETING).get("/api/leads/42/deals").then().statusCode(200)
                .body("stub", equalTo("feedback"));
        given().header("Authorization", MARKETING).get("/api/leads/42/timeline").then().statusCode(200)
                .body("stub", equalTo("lead"));
    }

    @Test
    void unknownSegmentsAre404Problems() {
        for (String path : List.of("/api/nothing-here", "/api", "/api/", "/elsewhere")) {
            given().header("Authorization", MARKETING).get(path).then().statusCode(404)
                    .contentType("application/problem+json");
        }
    }

    @Test
    void theGatewaysOwnApiResourcesGetTheSameAdmissionAndTheirBody() {
        given().contentType("application/json").body("{\"name\":\"x\"}").post("/api/admin/edge-test-echo").then()
                .statusCode(401).contentType("application/problem+json");
        given().header("Authorization", MARKETING).contentType("application/json").body("{\"name\":\"高橋\"}")
                .post("/api/admin/edge-test-echo").then().statusCode(200).body("name", equalTo("高橋"))
                .header("RateLimit-Policy", containsString("\"user-marketing\""));
    }

    @Test
    void trackingLinksNeedNoTokenAndKeepTheirPath() {
        given().get("/t/o/abc.gif").then().statusCode(200).body("stub", equalTo("tracking"))
                .body("uri", equalTo("/t/o/abc.gif"))
                .header("RateLimit-Policy", containsString("\"tracking-ip\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer", "Bearer not-a-jwt", "Basic YTpi"})
    void apiNeedsAValidBearerToken(String authorization) {
        long before = UpstreamStubs.hits("lead", "/leads/401");
        given().header("Authorization", authorization).get("/api/leads/401").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        assertEquals(before, UpstreamStubs.hits("lead", "/leads/401"), "refused before any upstream saw it");
    }

    @Test
    void expiredAndForgedTokensAre401() {
        given().header("Authorization", "Bearer " + TestJwt.expired(TestJwt.ADMIN)).get("/api/leads/402").then()
                .statusCode(401);
        given().header("Authorization", "Bearer " + TestJwt.forged(TestJwt.ADMIN)).get("/api/leads/402").then()
                .statusCode(401);
        String[] parts = TestJwt.token(TestJwt.ADMIN).split("\\.");
        String none = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes()) + "." + parts[1] + ".";
        given().header("Authorization", "Bearer " + none).get("/api/leads/402").then().statusCode(401);
        assertEquals(0, UpstreamStubs.hits("lead", "/leads/402"));
    }

    @Test
    void aVerifiedTokenIsRememberedButNeverPastItsExpiry() {
        // Expires in 3 s; the parser alone would still accept it for its 60 s clock skew.
        long exp = Instant.now().getEpochSecond() + 3;
        String token = "Bearer " + Jwt.issuer("https://tandem.dev").subject("short-lived")
                .groups(Set.of(TestJwt.MARKETING)).expiresAt(exp).jws().keyId("test").sign(JwtKeys.testPrivateKey());
        given().header("Authorization", token).get("/api/leads/403").then().statusCode(200);
        long hits = tokens.stats().hitCount();
        given().header("Authorization", token).get("/api/leads/403").then().statusCode(200);
        assertTrue(tokens.stats().hitCount() > hits, "the second request used the verified token");
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().getEpochSecond() >= exp);
        given().header("Authorization", token).get("/api/leads/403").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        assertEquals(2, UpstreamStubs.hits("lead", "/leads/403"), "the expired token reached no upstream");
    }

    @Test
    void forwardingHeadersRequestIdAndTraceContextArePassedOn() {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        Response answer = given().header("Authorization", MARKETING).header("X-Request-Id", "req-edge-1")
                .header("traceparent", traceparent).header("Host", "tandem.example:443")
                .get("/api/leads/fwd");
        answer.then().statusCode(200).header("X-Request-Id", "req-edge-1")
                .body("headers.x-request-id[0]", equalTo("req-edge-1"))
                .body("headers.traceparent[0]", equalTo(traceparent))
                .body("headers.x-forwarded-for[0]", equalTo("127.0.0.1"))
                .body("headers.x-forwarded-proto[0]", equalTo("http"))
                .body("headers.x-forwarded-host[0]", equalTo("tandem.example:443"));
        assertEquals(1, answer.headers().getValues("X-Request-Id").size(), "one request id, the gateway's");
    }

    @Test
    void aMissingOrBrokenTraceparentStartsANewTrace() {
        given().header("Authorization", MARKETING).header("traceparent", "garbage").get("/api/leads/trace").then()
                .statusCode(200)
                .body("headers.traceparent[0]", org.hamcrest.Matchers.matchesPattern("00-[0-9a-f]{32}-[0-9a-f]{16}-01"));
    }

    @Test
    void hopByHopHeadersAreRemovedBothWays() {
        Response answer = given().header("Authorization", MARKETING)
                .header("Connection", "keep-alive, X-Client-Hop").header("X-Client-Hop", "must-not-pass")
                .header("Keep-Alive", "timeout=5").header("TE", "trailers").header("Proxy-Authorization", "Basic x")
                .header("X-Kept", "yes")
                .get("/api/leads/hop");
        answer.then().statusCode(200)
                .body("headers.x-client-hop", nullValue())
                .body("headers.keep-alive", nullValue())
                .body("headers.te", nullValue())
                .body("headers.proxy-authorization", nullValue())
                .body("headers.x-kept[0]", equalTo("yes"));
        assertNull(answer.header("X-Upstream-Hop"), "a header the upstream's Connection names is not forwarded");
        assertNull(answer.header("Keep-Alive"));
        assertEquals("lead", answer.header("X-Upstream"));
        assertNull(answer.header("Access-Control-Allow-Origin"), "CORS is the gateway's decision alone");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/leads/../models", "/api/leads/%2e%2e/models", "/api/leads/..%2fmodels",
            "/api/leads%2f42", "/api/leads/%252e%252e/models", "/api/leads/a%252fb", "/api/leads\\..\\models",
            "/api/leads/%5c..%5cmodels", "/api//leads/1", "/api/./leads/1", "/api/../q/openapi", "/t/../api/leads/1",
            "/api/leads/%2E%2E/models"})
    void pathTricksNeverReachAnotherRoute(String rawPath) throws Exception {
        int before = UpstreamStubs.RECEIVED.size();
        RawHttp.Answer answer = RawHttp.get(root.getPort(), rawPath, "Authorization: " + MARKETING);
        assertTrue(answer.status() == 400 || answer.status() == 404, rawPath + " answered " + answer.status());
        // Vert.x itself refuses a raw backslash in the request line (a bare 400) before any route runs.
        assertTrue(rawPath.contains("\\") || answer.header("Content-Type").startsWith("application/problem+json"),
                answer.head());
        assertEquals(before, UpstreamStubs.RECEIVED.size(), rawPath + " reached an upstream");
    }

    @Test
    void upstreamDownIs503Problem() {
        given().header("Authorization", MARKETING).post("/api/campaigns").then().statusCode(503)
                .contentType("application/problem+json").header("Retry-After", "5")
                .body("upstream", equalTo("nurture-service"));
    }

    @Test
    void upstreamSilentPastTheRouteTimeoutIs504Problem() {
        long started = System.nanoTime();
        given().header("Authorization", MARKETING).get("/api/leads/slow").then().statusCode(504)
                .contentType("application/problem+json").body("upstream", equalTo("lead-service"));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis >= 900 && millis < 5000, "answered after " + millis + " ms with a 1 s timeout");
    }

    @Test
    void anIdempotentRequestIsRetriedOnceItsConnectionFailedButAPostIsNot() {
        given().header("Authorization", MARKETING).get("/api/leads/flaky").then().statusCode(200);
        assertEquals(2, UpstreamStubs.hits("lead", "/leads/flaky"), "the dropped first attempt was retried");
        given().header("Authorization", MARKETING).contentType("application/json").body("{}")
                .post("/api/activities/drop").then().statusCode(502).contentType("application/problem+json");
        assertEquals(1, UpstreamStubs.hits("lead", "/activities/drop"), "a POST is never sent twice");
    }

    @Test
    void aChunkedBodyPastTheCapIs413AndNeverReachesTheUpstreamWhole() throws Exception {
        RawHttp.Answer answer = RawHttp.chunkedPost(root.getPort(), "/api/activities", MARKETING, 3L << 20);
        assertEquals(413, answer.status(), answer.head());
        assertTrue(answer.body().contains("body-too-large"), answer.body());
        assertFalse(UpstreamStubs.received("lead", "/activities").stream()
                .anyMatch(received -> received.bodyBytes() > 1 << 20), "no upstream got more than the cap");
    }

    @Test
    void aChunkedBodyUnderTheCapStreamsThroughWhole() throws Exception {
        RawHttp.Answer answer = RawHttp.chunkedPost(root.getPort(), "/api/activities/batch", MARKETING, 900_000);
        assertEquals(200, answer.status(), answer.head());
        assertTrue(answer.body().contains("\"bodyBytes\":900000"), answer.body());
    }

    @Test
    void theCsvImportHasItsLargerCap() throws Exception {
        RawHttp.Answer answer = RawHttp.chunkedPost(root.getPort(), "/api/leads/import", MARKETING, 5L << 20);
        assertEquals(200, answer.status(), answer.head());
        assertTrue(answer.body().contains("\"bodyBytes\":" + (5L << 20)), answer.body());
    }

    @Test
    void aDeclaredLengthPastTheCapIsRefusedBeforeReading() {
        given().header("Authorization", MARKETING).contentType("application/json")
                .body(new byte[(1 << 20) + 1]).post("/api/activities/declared").then().statusCode(413)
                .contentType("application/problem+json");
        assertEquals(0, UpstreamStubs.hits("lead", "/activities/declared"));
    }

    @Test
    void theCircuitOpensAfterRepeatedFailuresAndAnswersAtOnce() {
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", MARKETING).get("/api/templates").then().statusCode(503);
        }
        given().header("Authorization", MARKETING).get("/api/templates").then().statusCode(503)
                .body("detail", containsString("given a rest"));
    }
}
