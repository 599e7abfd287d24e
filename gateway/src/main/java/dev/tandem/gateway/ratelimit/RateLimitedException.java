package dev.tandem.gateway.ratelimit;

/** A request refused by a rate limit inside a resource (per account on sign-in); mapped to 429 with the headers. */
public class RateLimitedException extends RuntimeException {

    private final transient RateDecision decision;

    public RateLimitedException(RateDecision decision) {
        super(decision.problem().detail(), null, false, false);
        this.decision = decision;
    }

    public RateDecision decision() {
        return decision;
    }
}
