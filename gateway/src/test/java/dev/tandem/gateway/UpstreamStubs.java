package dev.tandem.gateway;

import dev.tandem.testing.FreePort;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real HTTP upstreams for the gateway's tests: small Vert.x servers on free ports standing in for lead-, scoring-
 * and feedback-service and the tracking links, each recording what reached it; nurture-service's port is left
 * closed (an upstream that is down). Paths with a special meaning: {@code …/slow} never answers, {@code …/flaky}
 * drops the connection on every odd attempt, {@code …/drop} always drops it; anything else answers 200 with what it
 * received ({@code method}, {@code uri}, {@code headers}, {@code bodyBytes}).
 */
public class UpstreamStubs implements QuarkusTestResourceLifecycleManager {

    /** What one stub received. */
    public record Received(String stub, String method, String uri, Map<String, List<String>> headers, long bodyBytes) {
    }

    public static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    public static final Map<String, AtomicInteger> HITS = new ConcurrentHashMap<>();
    /** Canned JSON answers by stub and path: {@code "lead /leads/42"}. */
    public static final Map<String, Answer> ANSWERS = new ConcurrentHashMap<>();

    public record Answer(int status, String contentType, String body) {
    }

    private static Vertx vertx;
    public static int closedPort;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        int lead = serve("lead");
        int scoring = serve("scoring");
        int feedback = serve("feedback");
        int tracking = serve("tracking");
        closedPort = FreePort.find();
        return Map.of(
                "tandem.gateway.upstreams.lead-service", "http://127.0.0.1:" + lead,
                "tandem.gateway.upstreams.scoring-service", "http://127.0.0.1:" + scoring,
                "tandem.gateway.upstreams.nurture-service", "http://127.0.0.1:" + closedPort,
                "tandem.gateway.upstreams.feedback-service", "http://127.0.0.1:" + feedback,
                "tandem.gateway.upstreams.tracking-stub", "http://127.0.0.1:" + tracking,
                "tandem.gateway.tracking-upstream", "tracking-stub");
    }

    private int serve(String stub) {
        HttpServer server = vertx.createHttpServer().requestHandler(request -> handle(stub, request));
        try {
            return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                    .actualPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void handle(String stub, HttpServerRequest request) {
        String path = request.path();
        int hit = HITS.computeIfAbsent(stub + " " + path, key -> new AtomicInteger()).incrementAndGet();
        AtomicInteger bytes = new AtomicInteger();
        request.handler(chunk -> bytes.addAndGet(chunk.length()));
        request.endHandler(end -> {
            Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            request.headers().names().forEach(name -> headers.put(name, request.headers().getAll(name)));
            RECEIVED.add(new Received(stub, request.method().name(), request.uri(), headers, bytes.get()));
            if (path.endsWith("/slow")) {
                return;
            }
            if (path.endsWith("/drop") || (path.endsWith("/flaky") && hit % 2 == 1)) {
                request.connection().close();
                return;
            }
            Answer canned = ANSWERS.get(stub + " " + path);
            if (canned != null) {
                request.response().setStatusCode(canned.status()).putHeader("Content-Type", canned.contentType())
                        .end(canned.body());
                return;
            }
            JsonObject echo = new JsonObject().put("stub", stub).put("method", request.method().name())
                    .put("uri", request.uri()).put("bodyBytes", bytes.get());
            JsonObject echoedHeaders = new JsonObject();
            headers.forEach((name, values) -> echoedHeaders.put(name.toLowerCase(), new JsonArray(values)));
            echo.put("headers", echoedHeaders);
            request.response()
                    .putHeader("Content-Type", "application/json")
                    // Hop-by-hop on the way back: none of these may reach the client.
                    .putHeader("Connection", "keep-alive, X-Upstream-Hop")
                    .putHeader("X-Upstream-Hop", "secret")
                    .putHeader("Keep-Alive", "timeout=5")
                    .putHeader("Access-Control-Allow-Origin", "*")
                    .putHeader("X-Upstream", stub)
                    .end(echo.encode());
        });
    }

    public static long hits(String stub, String path) {
        AtomicInteger count = HITS.get(stub + " " + path);
        return count == null ? 0 : count.get();
    }

    public static List<Received> received(String stub, String uri) {
        return RECEIVED.stream().filter(r -> r.stub().equals(stub) && r.uri().equals(uri)).toList();
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
