package dev.tandem.gateway.openapi;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code /q/openapi}: the merged document (YAML, or JSON with {@code ?format=json} or {@code Accept: application/json});
 * {@code /asyncapi.yaml}: the events' AsyncAPI document. Swagger UI ({@code /q/swagger-ui}) reads the first.
 */
@ApplicationScoped
public class ApiDescriptionRoutes {

    @Inject
    MergedOpenApi merged;

    private final Buffer asyncApi = load();

    void install(@Observes Router router) {
        router.get("/q/openapi").order(-1000).handler(this::openApi);
        router.get(MergedOpenApi.ASYNCAPI_PATH).handler(ctx -> ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml; charset=utf-8").end(asyncApi));
    }

    void openApi(RoutingContext ctx) {
        boolean json = "json".equalsIgnoreCase(ctx.request().getParam("format"))
                || (ctx.request().getHeader(HttpHeaders.ACCEPT) != null
                && ctx.request().getHeader(HttpHeaders.ACCEPT).contains("application/json"));
        merged.document(ctx.request().localAddress().port()).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
                return;
            }
            MergedOpenApi.Document document = done.result();
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, json ? "application/json;charset=UTF-8"
                            : "application/yaml;charset=UTF-8")
                    .end(json ? document.json() : document.yaml());
        });
    }

    private static Buffer load() {
        try (InputStream in = ApiDescriptionRoutes.class.getResourceAsStream("/META-INF/tandem/asyncapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("META-INF/tandem/asyncapi.yaml is missing from the gateway's jar");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
