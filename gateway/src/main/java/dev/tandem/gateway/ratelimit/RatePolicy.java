package dev.tandem.gateway.ratelimit;

import java.time.Duration;

/** A named quota: {@code requests} per {@code window}, as announced in {@code RateLimit-Policy}. */
public record RatePolicy(String name, long requests, Duration window) {

    static RatePolicy of(String name, RateLimitConfig.Quota quota) {
        return new RatePolicy(name, quota.requests(), quota.window());
    }

    /** Changes whenever the quota does. */
    String version() {
        return requests + "-" + window.toSeconds();
    }

    /** {@code "user-marketing";q=600;w=60} (draft-ietf-httpapi-ratelimit-headers-10). */
    public String header() {
        return "\"" + name + "\";q=" + requests + ";w=" + Math.max(1, window.toSeconds());
    }
}
