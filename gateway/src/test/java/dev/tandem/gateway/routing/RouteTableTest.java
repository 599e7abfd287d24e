package dev.tandem.gateway.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The route table and the path vetting as plain logic. */
class RouteTableTest {

    private static RoutingConfig config(Map<String, String> routes, Map<String, Duration> timeouts,
                                        Map<String, Long> large) {
        return new RoutingConfig() {
            public Map<String, String> upstreams() {
                return Map.of("lead", "http://127.0.0.1:1", "feedback", "http://127.0.0.1:2");
            }

            public Map<String, String> routes() {
                return routes;
            }

            public String trackingUpstream() {
                return "lead";
            }

            public Duration timeout() {
                return Duration.ofSeconds(10);
            }

            public Map<String, Duration> routeTimeouts() {
                return timeouts;
            }

            public Duration connectTimeout() {
                return Duration.ofSeconds(1);
            }

            public int retries() {
                return 1;
            }

            public int poolSize() {
                return 1;
            }

            public long maxBodyBytes() {
                return 1024;
            }

            public Map<String, Long> largeBodies() {
                return large;
            }

            public CircuitBreaker circuitBreaker() {
                return null;
            }

            public Optional<List<String>> trustedProxies() {
                return Optional.empty();
            }
        };
    }

    private final RouteTable table = new RouteTable(config(
            Map.of("leads", "lead", "leads/*/feedback", "feedback", "deals", "feedback"),
            Map.of("leads/import", Duration.ofSeconds(300)), Map.of("leads/import", 4096L)));

    private String upstreamOf(String path) {
        return table.resolve(PathGuard.segments(path)).map(RouteTable.Route::upstream).orElse(null);
    }

    @Test
    void theLongestPatternWins() {
        assertEquals("lead", upstreamOf("/leads"));
        assertEquals("lead", upstreamOf("/leads/42"));
        assertEquals("feedback", upstreamOf("/leads/42/feedback"));
        assertEquals("feedback", upstreamOf("/leads/42/feedback/7"));
        assertEquals("lead", upstreamOf("/leads/42/timeline"));
        assertNull(upstreamOf("/leadsx"));
        assertNull(upstreamOf("/nothing"));
    }

    @Test
    void aTimeoutOrCapOfASubPathIsARouteOfItsOwnerWithItsValues() {
        RouteTable.Route imports = table.resolve(List.of("leads", "import")).orElseThrow();
        assertEquals("lead", imports.upstream());
        assertEquals(Duration.ofSeconds(300), imports.timeout());
        assertEquals(4096, imports.maxBodyBytes());
        RouteTable.Route lead = table.resolve(List.of("leads", "42")).orElseThrow();
        assertEquals(1024, lead.maxBodyBytes());
        assertEquals(Duration.ofSeconds(10), lead.timeout());
    }

    @Test
    void aRouteToAnUnknownUpstreamFailsAtStart() {
        assertThrows(IllegalStateException.class, () -> new RouteTable(config(Map.of("x", "nowhere"), Map.of(),
                Map.of())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/a/../b", "/api/./a", "/api//a", "/api/%2e%2e/a", "/api/a%2Fb", "/api/a%5cb",
            "/api/a\\b", "/api/%252e", "relative"})
    void trickyPathsAreRefused(String path) {
        assertNotNull(PathGuard.problemOf(path), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/leads/42", "/api/leads/", "/t/o/abc.gif", "/api/leads/%E5%B1%B1%E7%94%B0", "/"})
    void ordinaryPathsPass(String path) {
        assertNull(PathGuard.problemOf(path), path);
    }

    @Test
    void segmentsKeepATrailingEmptyOne() {
        assertEquals(List.of("api", "leads", ""), PathGuard.segments("/api/leads/"));
        assertTrue(PathGuard.segments("/").size() == 1);
    }
}
