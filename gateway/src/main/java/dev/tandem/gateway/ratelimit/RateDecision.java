package dev.tandem.gateway.ratelimit;

import dev.tandem.platform.http.Problem;

/**
 * The outcome of taking one request from a bucket: allowed or not, what is left, when the quota is whole again
 * ({@code t}) and, when refused, when the next request will be allowed ({@code Retry-After}).
 */
public record RateDecision(RatePolicy policy, boolean allowed, long remaining, long resetSeconds,
                           long retryAfterSeconds) {

    public static final String POLICY_HEADER = "RateLimit-Policy";
    public static final String LIMIT_HEADER = "RateLimit";

    /** {@code "user-marketing";r=599;t=1} (draft-ietf-httpapi-ratelimit-headers-10). */
    public String limitHeader() {
        return "\"" + policy.name() + "\";r=" + remaining + ";t=" + resetSeconds;
    }

    public Problem problem() {
        return Problem.of(429, "rate-limited", "Too Many Requests", "more than " + policy.requests()
                        + " requests in " + policy.window().toSeconds() + " s (" + policy.name() + "); retry after "
                        + retryAfterSeconds + " s")
                .withExtension("policy", policy.name());
    }
}
