package dev.tandem.gateway.browser;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The web app (module {@code web}, on the classpath as {@code META-INF/resources/app/}), served by Quarkus' static
 * resources under {@code /app/}. This sets how long a browser may keep each file: the content-hashed files under
 * {@code /app/assets/} never change, so a year; pages, the manifest and the service worker are asked for again each
 * time ({@code no-cache}), so a new release shows at once. {@code /app/dashboard} is the dashboard's page.
 */
@ApplicationScoped
public class WebApp {

    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";

    void install(@Observes Router router) {
        router.getWithRegex("/app").handler(ctx -> ctx.redirect("/app/"));
        router.getWithRegex("/app/dashboard/?").handler(ctx -> ctx.reroute("/app/dashboard.html"));
        router.routeWithRegex("/app/.*").order(Integer.MIN_VALUE + 10).handler(this::caching);
    }

    void caching(RoutingContext ctx) {
        String path = ctx.request().path();
        ctx.response().headers().set(HttpHeaders.CACHE_CONTROL,
                path.startsWith("/app/assets/") ? IMMUTABLE : REVALIDATE);
        if (path.equals("/app/sw.js")) {
            // The worker controls all of /app/ although it is served from there.
            ctx.response().headers().set("Service-Worker-Allowed", "/app/");
        }
        ctx.next();
    }
}
