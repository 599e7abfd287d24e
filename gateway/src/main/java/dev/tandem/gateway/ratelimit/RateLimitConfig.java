package dev.tandem.gateway.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

/** Rate limits ({@code tandem.gateway.rate-limit.*}): a quota of requests per window, refilled evenly. */
@ConfigMapping(prefix = "tandem.gateway.rate-limit")
public interface RateLimitConfig {

    @WithDefault("true")
    boolean enabled();

    /**
     * The share of a quota one replica may take from its own copy of a bucket before it reports to PostgreSQL
     * (Bucket4j's delaying optimisation); each replica can over-spend a bucket by at most this many tokens.
     * 0 makes every request a round trip.
     */
    @WithDefault("0.02")
    double localShare();

    /** A replica reports the tokens it took on its own at its first request after this long, at the latest. */
    @WithDefault("1s")
    Duration syncWithin();

    /** Per user ({@code sub}) on {@code /api}, by role; a user with several roles gets the largest quota. */
    Map<String, Quota> roles();

    /** A user whose roles have no quota of their own. */
    Quota user();

    /** Per API key on {@code /api} (tokens carrying the {@code key_id} claim), by key id. */
    Map<String, Quota> keys();

    /** An API key without a quota of its own: its roles' quota, else this. */
    Quota key();

    /** Per client IP on {@code /t/…} (tracking pixels, clicks, unsubscribes). */
    Quota tracking();

    /** Per client IP on {@code POST /auth/login}. */
    Quota loginIp();

    /** Per account (the email, lower-cased) on login, for {@link LoginLimits}. */
    Quota loginAccount();

    /** The sign-in paths limited per client IP ({@link #loginIp()}) before their resource runs. */
    @WithDefault("/auth/login,/auth/token")
    java.util.List<String> loginPaths();

    interface Quota {
        long requests();

        Duration window();
    }
}
