package dev.tandem.gateway.routing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The route table and how the gateway talks to upstreams ({@code tandem.gateway.*}). */
@ConfigMapping(prefix = "tandem.gateway")
public interface RoutingConfig {

    /** Upstream base URLs by service name: {@code tandem.gateway.upstreams.lead-service=http://127.0.0.1:8081}. */
    Map<String, String> upstreams();

    /**
     * Which upstream owns a path under {@code /api}: the key is one or more leading segments joined by {@code /}, a
     * segment {@code *} matching any one segment (the feedback of a lead: leads, star, feedback); the pattern with
     * the most segments wins.
     */
    Map<String, String> routes();

    /** The upstream of {@code /t/…} (public tracking links), path kept. */
    @WithDefault("nurture-service")
    String trackingUpstream();

    /** How long an upstream may stay silent (no response bytes) before the gateway answers 504. */
    @WithDefault("10s")
    Duration timeout();

    /** Longer (or shorter) silences per route pattern, same keys as {@link #routes()}: a CSV import. */
    Map<String, Duration> routeTimeouts();

    @WithDefault("2s")
    Duration connectTimeout();

    /** Extra attempts for an idempotent request without a body whose connection failed before any answer. */
    @WithDefault("1")
    int retries();

    /** Connections kept per upstream. */
    @WithDefault("64")
    int poolSize();

    /** The largest JSON (or other) request body passed on. */
    @WithDefault("1048576")
    long maxBodyBytes();

    /** Larger caps per route pattern: {@code tandem.gateway.large-bodies."leads/import"=33554432}. */
    Map<String, Long> largeBodies();

    CircuitBreaker circuitBreaker();

    /** Addresses of load balancers whose {@code X-Forwarded-For/-Proto/-Host} are believed. */
    Optional<List<String>> trustedProxies();

    /** See {@link CircuitPolicy} for what counts. */
    interface CircuitBreaker {
        /**
         * Failures that mean "down" (connection refused, reset or closed without an answer, the upstream's own 503)
         * in a row, with no answer between them, within {@link #window()}, that open the circuit.
         */
        @WithDefault("5")
        int failures();

        @WithDefault("10s")
        Duration window();

        /** How long an open circuit answers 503 at once before one request is let through to try. */
        @WithDefault("5s")
        Duration resetAfter();

        Slow slow();
    }

    /** Timeouts: the upstream is there but not answering in time (overloaded, stalled). */
    interface Slow {
        /** Route timeouts in a row (no answer in time between them) within the window that shed load. */
        @WithDefault("10")
        int timeouts();

        /** How long requests are shed (503) before one request tries; its answer in time lets all traffic back. */
        @WithDefault("1s")
        Duration resetAfter();
    }
}
