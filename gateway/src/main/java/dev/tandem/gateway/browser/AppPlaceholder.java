package dev.tandem.gateway.browser;

import dev.tandem.gateway.routing.EdgeProblems;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * {@code /app/…} is the web app's, which this build does not contain yet: {@code /app/} says so in a small page,
 * anything else under it is a 404 problem. The web module's build replaces this with its static files.
 */
@ApplicationScoped
public class AppPlaceholder {

    private static final String PAGE = """
            <!doctype html>
            <html lang="ja"><head><meta charset="utf-8"><title>Tandem</title>
            <meta name="viewport" content="width=device-width, initial-scale=1"></head>
            <body><h1>Tandem</h1><p>ウェブアプリはこのビルドに含まれていません。</p>
            <p>The web app is not part of this build yet. The API is at <a href="/q/swagger-ui">/q/swagger-ui</a>.</p>
            </body></html>
            """;

    @Inject
    EdgeProblems problems;

    void install(@Observes Router router) {
        router.getWithRegex("/app/?").handler(ctx -> ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").end(PAGE));
        router.route("/app/*").handler(ctx -> problems.refuse(ctx,
                EdgeProblems.notFound("the web app is not part of this build"), false));
    }
}
