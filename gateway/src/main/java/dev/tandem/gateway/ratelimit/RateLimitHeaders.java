package dev.tandem.gateway.ratelimit;

import io.vertx.core.MultiMap;

/** Puts the draft-ietf-httpapi-ratelimit-headers-10 fields (and Retry-After when refused) on an answer. */
public final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    public static void apply(MultiMap headers, RateDecision decision) {
        headers.set(RateDecision.POLICY_HEADER, decision.policy().header());
        headers.set(RateDecision.LIMIT_HEADER, decision.limitHeader());
        if (!decision.allowed()) {
            headers.set("Retry-After", Long.toString(decision.retryAfterSeconds()));
        }
    }
}
