package dev.tandem.gateway.routing;

import dev.tandem.gateway.ratelimit.GatewayRateLimiter;
import dev.tandem.gateway.ratelimit.RateDecision;
import dev.tandem.gateway.ratelimit.RatePolicies;
import dev.tandem.platform.http.Problem;
import dev.tandem.gateway.identity.service.VerifiedTokens;
import io.smallrye.jwt.auth.principal.ParseException;
import dev.tandem.gateway.ratelimit.RateLimitHeaders;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Lets a request in or not, before it is proxied: a valid bearer token on {@code /api} ({@link VerifiedTokens}: the
 * gateway's keys in-process, else quarkus-smallrye-jwt's parser with the services' {@code mp.jwt.verify.*}; a token
 * seen before is not verified again until its {@code exp}), then the caller's rate limit. Blocking on misses (key
 * table, JWKS, Bucket4j's JDBC round trip): call it on a worker thread.
 */
@ApplicationScoped
public class Admission {

    private static final Logger LOG = Logger.getLogger(Admission.class);
    /** The claim an API key's token names its key by (the identity part mints it). */
    public static final String KEY_ID_CLAIM = "key_id";

    @Inject
    VerifiedTokens tokens;

    @Inject
    GatewayRateLimiter limiter;

    @Inject
    RatePolicies policies;

    @Inject
    EdgeProblems problems;

    /** Refused with {@code problem}, or admitted; {@code decision} (null when unlimited) goes on the answer. */
    public record Verdict(Problem problem, RateDecision decision, JsonWebToken caller) {

        public boolean admitted() {
            return problem == null;
        }
    }

    /**
     * The one admission step of every gated route: the request's body stays unread (paused) while {@code check}
     * runs on a worker thread, the RateLimit fields go on the answer, then either the verdict's problem is the
     * answer (the connection closed if a body was left unread) or {@code admitted} carries on with the body still
     * paused: the proxy resumes it as it streams it upstream, anything else resumes it first ({@link #next}).
     */
    public void gate(RoutingContext ctx, Supplier<Verdict> check, Consumer<Verdict> admitted) {
        ctx.request().pause();
        ctx.vertx().executeBlocking(check::get, false).onComplete(result -> {
            if (result.failed()) {
                ctx.request().resume();
                if (result.cause() instanceof RejectedExecutionException) {
                    // The worker queue is full: shed at once rather than queue requests until the heap runs out.
                    ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
                    problems.refuse(ctx, EdgeProblems.unavailable("the gateway is overloaded; try again shortly"),
                            hasBody(ctx));
                    return;
                }
                ctx.fail(result.cause());
                return;
            }
            Verdict verdict = result.result();
            if (verdict.decision() != null) {
                RateLimitHeaders.apply(ctx.response().headers(), verdict.decision());
            }
            if (!verdict.admitted()) {
                ctx.request().resume();
                problems.refuse(ctx, verdict.problem(), hasBody(ctx));
                return;
            }
            admitted.accept(verdict);
        });
    }

    private static boolean hasBody(RoutingContext ctx) {
        return ctx.request().headers().contains(HttpHeaders.CONTENT_LENGTH)
                || ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING);
    }

    /** Resumes the body and hands the request to the next route (the gateway's own resources). */
    public static void next(RoutingContext ctx) {
        ctx.request().resume();
        ctx.next();
    }

    /** {@link #gate} with the bearer token and the caller's limit on {@code /api}. */
    public void gateApi(RoutingContext ctx, Consumer<Verdict> admitted) {
        gate(ctx, () -> api(ctx.request().getHeader(HttpHeaders.AUTHORIZATION)), admitted);
    }

    public Verdict api(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.length() <= 7) {
            return new Verdict(EdgeProblems.unauthorized("a bearer token is required (Authorization: Bearer …)"),
                    null, null);
        }
        JsonWebToken caller;
        try {
            caller = tokens.verify(authorization.substring(7).trim());
        } catch (ParseException e) {
            return new Verdict(EdgeProblems.unauthorized("the bearer token is not valid (expired, forged or"
                    + " malformed)"), null, null);
        }
        Set<String> roles = caller.getGroups() == null ? Set.of() : caller.getGroups();
        String keyId = caller.getClaim(KEY_ID_CLAIM) == null ? null : String.valueOf((Object) caller.getClaim(KEY_ID_CLAIM));
        return limit(policies.forCaller(caller.getSubject(), keyId, roles), caller);
    }

    public Verdict limit(RatePolicies.Bucket bucket, JsonWebToken caller) {
        if (!policies.enabled()) {
            return new Verdict(null, null, caller);
        }
        RateDecision decision;
        try {
            decision = limiter.take(bucket.policy(), bucket.subject());
        } catch (RuntimeException e) {
            // The limits protect the services; an unreachable limit store must not take the whole API down.
            LOG.warnf("rate limit store unavailable, request let through: %s", e.toString());
            return new Verdict(null, null, caller);
        }
        return new Verdict(decision.allowed() ? null : decision.problem(), decision, caller);
    }
}
