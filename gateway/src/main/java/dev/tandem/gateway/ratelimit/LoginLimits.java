package dev.tandem.gateway.ratelimit;

import dev.tandem.gateway.routing.Admission;
import dev.tandem.gateway.routing.ApiProxy;
import dev.tandem.gateway.routing.EdgeProblems;
import dev.tandem.gateway.routing.ForwardedHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Sign-in limits. Per client IP: a route filter on {@code tandem.gateway.rate-limit.login-paths} (POST) that runs
 * before the sign-in resource, so no resource can forget it. Per account: the email is in the body, which only the
 * resource reads, so the sign-in resource calls {@link #account(String)} once it has parsed it (before checking the
 * password), and a {@link RateLimitedException} becomes the 429.
 */
@ApplicationScoped
public class LoginLimits {

    @Inject
    RatePolicies policies;

    @Inject
    Admission admission;

    @Inject
    ForwardedHeaders forwarded;

    @Inject
    EdgeProblems problems;

    @Inject
    RateLimitConfig config;

    void install(@Observes Router router) {
        for (String path : config.loginPaths()) {
            router.route(HttpMethod.POST, path).order(ApiProxy.ORDER).handler(this::perIp);
        }
    }

    void perIp(RoutingContext ctx) {
        RatePolicies.Bucket bucket = policies.forLoginIp(forwarded.clientAddress(ctx));
        // The body stays unread (paused) while the limit store is asked; the resource reads it afterwards.
        ctx.request().pause();
        ctx.vertx().executeBlocking(() -> admission.limit(bucket, null), false).onComplete(result -> {
            if (result.failed()) {
                ctx.request().resume();
                ctx.fail(result.cause());
                return;
            }
            Admission.Verdict verdict = result.result();
            if (verdict.decision() != null) {
                RateLimitHeaders.apply(ctx.response().headers(), verdict.decision());
            }
            if (!verdict.admitted()) {
                ctx.request().resume();
                problems.refuse(ctx, verdict.problem(), true);
                return;
            }
            ctx.request().resume();
            ctx.next();
        });
    }

    /** Takes one sign-in attempt of {@code email}; blocking (call it from a blocking resource method). */
    public void account(String email) {
        if (!policies.enabled() || email == null || email.isBlank()) {
            return;
        }
        Admission.Verdict verdict = admission.limit(policies.forLoginAccount(email), null);
        if (!verdict.admitted()) {
            throw new RateLimitedException(verdict.decision());
        }
    }
}
