package dev.tandem.gateway.routing;

import dev.tandem.gateway.lead360.Lead360;
import dev.tandem.gateway.ratelimit.RatePolicies;
import dev.tandem.platform.http.Problem;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;

/**
 * The gateway's routes in front of everything else: the path check on every request, {@code /api/…} proxied to the
 * owning service with {@code /api} removed (after the bearer token and the caller's rate limit), {@code /t/…} to
 * nurture-service unauthenticated (rate-limited per IP). The gateway's own paths under {@code /api}
 * ({@code admin/…}, {@code leads/{id}/360}) go on to its REST resources. No BodyHandler on these routes: bodies
 * stream through.
 */
@ApplicationScoped
public class ApiProxy {

    /**
     * After platform's RequestId and RequestTarget and Quarkus' own filters (CORS answers preflights there and
     * decorates every answer), before the REST resources.
     */
    public static final int ORDER = 500;

    @Inject
    RouteTable table;

    @Inject
    Upstreams upstreams;

    @Inject
    RoutingConfig config;

    @Inject
    EdgeProblems problems;

    @Inject
    Admission admission;

    @Inject
    RatePolicies policies;

    @Inject
    ForwardedHeaders forwarded;

    @Inject
    GatewayBodyLimit bodyLimit;

    @Inject
    Lead360 lead360;

    void install(@Observes Router router) {
        // Before every other route of the gateway (the /q ones included), just after the security headers.
        router.route().order(Integer.MIN_VALUE + 6).handler(this::vetPath);
        router.route("/api/*").order(ORDER + 1).handler(this::api);
        router.route("/t/*").order(ORDER + 1).handler(this::tracking);
    }

    void vetPath(RoutingContext ctx) {
        String problem = PathGuard.problemOf(ctx.request().path());
        if (problem != null) {
            problems.refuse(ctx, Problem.invalid("path", problem), false);
            return;
        }
        ctx.next();
    }

    void api(RoutingContext ctx) {
        List<String> segments = PathGuard.segments(ctx.request().path());
        List<String> rest = segments.subList(1, segments.size());
        if (isLead360(rest)) {
            lead360(ctx, rest.get(1));
            return;
        }
        if (gatewayOwned(rest)) {
            // The gateway's own /api resources: the same token check and rate limit, then the resource.
            admission.gateApi(ctx, verdict -> Admission.next(ctx));
            return;
        }
        Optional<RouteTable.Route> route = rest.isEmpty() || rest.get(0).isEmpty() ? Optional.empty()
                : table.resolve(rest);
        if (route.isEmpty()) {
            problems.refuse(ctx, EdgeProblems.notFound("no service answers " + ctx.request().path()), false);
            return;
        }
        if (bodyLimit.declaredTooLarge(ctx, route.get().maxBodyBytes())) {
            return;
        }
        String uri = ctx.request().uri().substring("/api".length());
        // Nothing of the body is read until the upstream is chosen and the caller admitted.
        admission.gateApi(ctx, verdict -> proxy(ctx, route.get(), uri));
    }

    void tracking(RoutingContext ctx) {
        String upstream = config.trackingUpstream();
        RouteTable.Route route = new RouteTable.Route("t", List.of("t"), upstream, config.timeout(),
                config.maxBodyBytes());
        if (bodyLimit.declaredTooLarge(ctx, route.maxBodyBytes())) {
            return;
        }
        RatePolicies.Bucket bucket = policies.forTracking(forwarded.clientAddress(ctx));
        admission.gate(ctx, () -> admission.limit(bucket, null), verdict -> proxy(ctx, route, ctx.request().uri()));
    }

    private void lead360(RoutingContext ctx, String leadId) {
        if (ctx.request().method() != HttpMethod.GET) {
            ctx.response().putHeader(HttpHeaders.ALLOW, "GET");
            problems.refuse(ctx, Problem.of(405, "method-not-allowed", "Method Not Allowed",
                    "a lead 360 is only read (GET)"), true);
            return;
        }
        admission.gateApi(ctx, verdict -> {
            ctx.request().resume();
            lead360.answer(ctx, leadId);
        });
    }

    private void proxy(RoutingContext ctx, RouteTable.Route route, String uri) {
        new ProxyExchange(ctx, upstreams.get(route.upstream()), route, uri, problems, config, forwarded)
                .start();
    }

    /** {@code admin/…} is answered by the gateway's identity resources. */
    static boolean gatewayOwned(List<String> rest) {
        return !rest.isEmpty() && rest.get(0).equals("admin");
    }

    static boolean isLead360(List<String> rest) {
        return rest.size() == 3 && rest.get(0).equals("leads") && !rest.get(1).isEmpty() && rest.get(2).equals("360");
    }
}
