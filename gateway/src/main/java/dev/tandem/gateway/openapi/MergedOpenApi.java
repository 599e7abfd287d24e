package dev.tandem.gateway.openapi;

import dev.tandem.gateway.routing.Upstreams;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.openapi.api.SmallRyeOpenAPI;
import io.smallrye.openapi.api.util.MergeUtil;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.Paths;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One OpenAPI document for the whole API: every service's {@code /q/openapi} (its paths under {@code /api}, the
 * public {@code /t/…} paths as they are) merged with the gateway's own (sign-in, admin, lead 360) by smallrye-openapi's
 * parser and {@link MergeUtil}. Cached and rebuilt in the background once older than the refresh period; a service
 * that cannot be reached is listed in {@code x-tandem-unavailable} instead of failing the document.
 */
@ApplicationScoped
public class MergedOpenApi {

    private static final Logger LOG = Logger.getLogger(MergedOpenApi.class);
    public static final String UNAVAILABLE_EXTENSION = "x-tandem-unavailable";
    public static final String ASYNCAPI_PATH = "/asyncapi.yaml";

    /** A merged document in both notations, and when it was built. */
    public record Document(String json, String yaml, Instant builtAt, List<String> unavailable) {
    }

    @Inject
    Upstreams upstreams;

    @Inject
    OpenApiConfig config;

    @Inject
    Vertx vertx;

    private final Config parserConfig = new SmallRyeConfigBuilder().build();
    private volatile Document current;
    private volatile Future<Document> building;

    /** The current document, built first when there is none; a stale one triggers a rebuild and is served. */
    public synchronized Future<Document> document(int ownPort) {
        Document known = current;
        boolean stale = known == null || known.builtAt().plus(config.refresh()).isBefore(Instant.now());
        if (stale && building == null) {
            Future<Document> build = build(ownPort);
            building = build;
            build.onComplete(done -> {
                synchronized (this) {
                    building = null;
                    if (done.succeeded()) {
                        current = done.result();
                    } else {
                        LOG.warn("merging the OpenAPI documents failed", done.cause());
                    }
                }
            });
        }
        return known != null ? Future.succeededFuture(known) : building;
    }

    private Future<Document> build(int ownPort) {
        Map<String, Future<String>> sources = new LinkedHashMap<>();
        sources.put("gateway", fetch(vertx.createHttpClient(), SocketAddress.inetSocketAddress(ownPort, "127.0.0.1"),
                config.ownPath(), true));
        for (String service : config.services()) {
            Future<String> fetched;
            try {
                Upstreams.Upstream upstream = upstreams.get(service);
                fetched = fetch(upstream.client(), upstream.address(), "/q/openapi", false);
            } catch (IllegalArgumentException e) {
                fetched = Future.failedFuture(e);
            }
            sources.put(service, fetched);
        }
        return Future.join(List.copyOf(sources.values())).transform(ignored -> vertx.executeBlocking(() ->
                merge(sources), false));
    }

    private Future<String> fetch(HttpClient client, SocketAddress address, String path, boolean closeAfter) {
        Future<String> body = client.request(new RequestOptions().setMethod(HttpMethod.GET).setServer(address)
                        .setHost(address.host()).setPort(address.port()).setURI(path + "?format=json")
                        .putHeader("Accept", "application/json").setTimeout(config.fetchTimeout().toMillis()))
                .compose(request -> request.send())
                .compose(response -> response.statusCode() == 200 ? response.body().map(Buffer::toString)
                        : Future.failedFuture(path + " answered " + response.statusCode()));
        if (closeAfter) {
            body.onComplete(done -> client.close());
        }
        return body;
    }

    private Document merge(Map<String, Future<String>> sources) {
        OpenAPI merged = OASFactory.createOpenAPI().openapi("3.1.0")
                .info(OASFactory.createInfo().title("Tandem API").version("1.0.0").description(
                        "Every Tandem service behind the gateway, one document. Call everything through the gateway:"
                                + " /api/… with a bearer token (POST /auth/login or /auth/token), /t/… public"
                                + " tracking links. Events: the AsyncAPI document at " + ASYNCAPI_PATH + "."))
                .externalDocs(OASFactory.createExternalDocumentation().description("Events (AsyncAPI 3.0)")
                        .url(ASYNCAPI_PATH))
                .servers(List.of(OASFactory.createServer().url("/")))
                .paths(OASFactory.createPaths());
        List<String> unavailable = new ArrayList<>();
        for (Map.Entry<String, Future<String>> source : sources.entrySet()) {
            String name = source.getKey();
            if (source.getValue().failed()) {
                unavailable.add(name);
                continue;
            }
            try {
                OpenAPI document = parse(source.getValue().result());
                boolean gateway = name.equals("gateway");
                merged = MergeUtil.merge(merged, gateway ? onlyOwn(document) : underApi(document));
            } catch (RuntimeException e) {
                LOG.warnf("the OpenAPI document of %s could not be read: %s", name, e.toString());
                unavailable.add(name);
            }
        }
        merged.setInfo(merged.getInfo().title("Tandem API"));
        merged.addExtension(UNAVAILABLE_EXTENSION, unavailable);
        merged.addExtension("x-tandem-asyncapi", ASYNCAPI_PATH);
        SmallRyeOpenAPI out = builder().withInitialModel(merged).build();
        return new Document(out.toJSON(), out.toYAML(), Instant.now(), List.copyOf(unavailable));
    }

    private OpenAPI parse(String json) {
        byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return builder().withCustomStaticFile(() -> new ByteArrayInputStream(bytes)).build().model();
    }

    private SmallRyeOpenAPI.Builder builder() {
        return SmallRyeOpenAPI.builder().withConfig(parserConfig).enableModelReader(false)
                .enableStandardStaticFiles(false).enableAnnotationScan(false).enableStandardFilter(false);
    }

    /** A service's paths as the gateway serves them: {@code /api} in front, except the public {@code /t/…}. */
    private static OpenAPI underApi(OpenAPI document) {
        Paths prefixed = OASFactory.createPaths();
        if (document.getPaths() != null && document.getPaths().getPathItems() != null) {
            for (Map.Entry<String, PathItem> path : document.getPaths().getPathItems().entrySet()) {
                String key = path.getKey();
                if (key.startsWith("/q/")) {
                    continue;
                }
                prefixed.addPathItem(key.startsWith("/t/") || key.equals("/t") ? key : "/api" + key, path.getValue());
            }
        }
        document.setPaths(prefixed);
        document.setInfo(null);
        document.setServers(null);
        return document;
    }

    /** The gateway's own document without the paths it only proxies or serves for tooling. */
    private static OpenAPI onlyOwn(OpenAPI document) {
        if (document.getPaths() != null && document.getPaths().getPathItems() != null) {
            Paths own = OASFactory.createPaths();
            document.getPaths().getPathItems().forEach((key, item) -> {
                if (!key.startsWith("/q/")) {
                    own.addPathItem(key, item);
                }
            });
            document.setPaths(own);
        }
        document.setInfo(null);
        document.setServers(null);
        return document;
    }
}
