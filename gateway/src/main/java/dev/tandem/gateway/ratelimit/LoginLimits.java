package dev.tandem.gateway.ratelimit;

import dev.tandem.gateway.routing.Admission;
import dev.tandem.gateway.routing.ApiProxy;
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
    RateLimitConfig config;

    void install(@Observes Router router) {
        for (String path : config.loginPaths()) {
            router.route(HttpMethod.POST, path).order(ApiProxy.ORDER).handler(this::perIp);
        }
    }

    void perIp(RoutingContext ctx) {
        RatePolicies.Bucket bucket = policies.forLoginIp(forwarded.clientAddress(ctx));
        admission.gate(ctx, () -> admission.limit(bucket, null), verdict -> Admission.next(ctx));
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
