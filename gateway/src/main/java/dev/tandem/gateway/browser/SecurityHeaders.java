package dev.tandem.gateway.browser;

import dev.tandem.gateway.routing.ForwardedHeaders;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.List;

/**
 * Security headers on every answer of the gateway, proxied ones included (an upstream's own values of these are
 * dropped by the proxy so each is sent once): {@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy},
 * {@code X-Frame-Options: DENY} and a Content-Security-Policy with {@code frame-ancestors 'none'} (the web app's
 * under {@code /app}, a deny-all one elsewhere), and HSTS when the request came over TLS: a direct TLS connection, or
 * {@code X-Forwarded-Proto: https} from a trusted proxy (a plain-HTTP caller cannot turn HSTS on).
 */
@ApplicationScoped
public class SecurityHeaders {

    /** The headers this class owns; an upstream's copies are removed. */
    public static final List<String> OWNED = List.of("X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options",
            "Content-Security-Policy", "Strict-Transport-Security");

    @Inject
    BrowserConfig config;

    @Inject
    ForwardedHeaders forwarded;

    void install(@Observes Router router) {
        // Before the gateway's own routes and the proxy, after platform's request id.
        router.route().order(Integer.MIN_VALUE + 5).handler(this::apply);
    }

    void apply(RoutingContext ctx) {
        MultiMap headers = ctx.response().headers();
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", config.referrerPolicy());
        headers.set("X-Frame-Options", "DENY");
        String path = ctx.request().path();
        boolean app = path.equals("/app") || path.startsWith("/app/");
        boolean swagger = path.startsWith("/q/swagger-ui");
        if (app) {
            headers.set("Content-Security-Policy", config.appContentSecurityPolicy());
        } else if (swagger) {
            // Swagger UI runs inline scripts and styles of its own.
            headers.set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline';"
                    + " style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'");
        } else {
            headers.set("Content-Security-Policy", config.apiContentSecurityPolicy());
        }
        if ("https".equals(forwarded.scheme(ctx))) {
            headers.set("Strict-Transport-Security", "max-age=" + config.hstsMaxAge().toSeconds()
                    + "; includeSubDomains");
        }
        ctx.next();
    }
}
