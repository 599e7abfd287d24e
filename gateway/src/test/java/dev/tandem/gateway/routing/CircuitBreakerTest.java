package dev.tandem.gateway.routing;

import dev.tandem.testing.PostgresResource;
import dev.tandem.testing.TestJwt;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The circuit policy against real upstreams: only "down" opens the circuit (refused connections, the upstream's own
 * 503), an upstream's 500/502 answers never do, an overloaded upstream that still answers in time now and then is
 * never cut off, and one that times out on every request is shed briefly and let back by the first answer in time.
 */
@QuarkusTest
@TestProfile(CircuitBreakerTest.Profile.class)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = CircuitUpstreams.class, restrictToAnnotatedClass = true)
class CircuitBreakerTest {

    private static final String MARKETING = "Bearer " + TestJwt.token(TestJwt.MARKETING, "mk-circuit");

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "tandem.gateway.timeout", "400ms",
                    "tandem.gateway.retries", "0",
                    "tandem.gateway.circuit-breaker.failures", "3",
                    "tandem.gateway.circuit-breaker.reset-after", "1s",
                    "tandem.gateway.circuit-breaker.slow.timeouts", "3",
                    "tandem.gateway.circuit-breaker.slow.reset-after", "1s");
        }
    }

    private static Response get(String path) {
        return given().header("Authorization", MARKETING).get(path);
    }

    @Test
    void aDeadUpstreamOpensTheCircuitAndTheFirstProbeAfterTheRestClosesIt() {
        for (int i = 0; i < 3; i++) {
            get("/api/dead").then().statusCode(503).header("Retry-After", "5")
                    .body("detail", containsString("cannot be reached"));
        }
        get("/api/dead").then().statusCode(503).header("Retry-After", "1")
                .body("detail", containsString("given a rest")).body("upstream", equalTo("dead"));

        CircuitUpstreams.revive();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> get("/api/dead").statusCode() == 200);
        get("/api/dead").then().statusCode(200).body("alive", equalTo(true));
    }

    @Test
    void theUpstreamsOwn503IsPassedOnAndCountedUntilTheCircuitOpens() {
        for (int i = 0; i < 3; i++) {
            get("/api/failing").then().statusCode(503).header("Retry-After", "7")
                    .body("detail", equalTo("the upstream's own"));
        }
        int reached = CircuitUpstreams.REACHED_FAILING.get();
        get("/api/failing").then().statusCode(503).body("detail", containsString("given a rest"));
        assertEquals(reached, CircuitUpstreams.REACHED_FAILING.get(), "an open circuit sends nothing upstream");

        CircuitUpstreams.FAILING_HEALS = true;
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> get("/api/failing").statusCode() == 200);
    }

    @Test
    void answers500And502NeverOpenTheCircuit() {
        for (int i = 0; i < 12; i++) {
            int status = get("/api/erring").then().extract().statusCode();
            assertTrue(status == 500 || status == 502, "the upstream's own answer, got " + status);
        }
    }

    @Test
    void anOverloadedUpstreamThatStillAnswersInTimeIsNeverShed() {
        int timedOut = 0;
        for (int i = 0; i < 12; i++) {
            Response answer = get("/api/overloaded");
            assertTrue(answer.statusCode() == 200 || answer.statusCode() == 504,
                    "answered or timed out, never shed: " + answer.statusCode() + " " + answer.asString());
            timedOut += answer.statusCode() == 504 ? 1 : 0;
        }
        assertEquals(6, timedOut, "every other answer is late");
    }

    @Test
    void anUpstreamThatTimesOutEveryRequestIsShedBrieflyThenLetBackByTheFirstAnswerInTime() {
        for (int i = 0; i < 3; i++) {
            get("/api/stalled").then().statusCode(504);
        }
        int reached = CircuitUpstreams.REACHED_STALLED.get();
        // Shed, not timed out (that would be a 504 after the route's 400 ms), and never sent upstream.
        get("/api/stalled").then().statusCode(503).header("Retry-After", "1")
                .body("detail", containsString("shed briefly")).body("upstream", equalTo("stalled"));
        assertEquals(reached, CircuitUpstreams.REACHED_STALLED.get(), "a shed request is not sent upstream");

        CircuitUpstreams.STALLED = false;
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> get("/api/stalled").statusCode() == 200);
        for (int i = 0; i < 5; i++) {
            get("/api/stalled").then().statusCode(200);
        }
    }
}
