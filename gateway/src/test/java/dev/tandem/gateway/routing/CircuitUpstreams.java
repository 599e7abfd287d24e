package dev.tandem.gateway.routing;

import dev.tandem.testing.FreePort;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real upstreams for {@link CircuitBreakerTest}, each a route of its own so that each circuit is on its own:
 * {@code dead} (a port nobody listens on, until {@link #revive()}), {@code failing} (answers its own 503 — a store
 * down — until {@link #FAILING_HEALS}), {@code erring} (500 and 502 answers), {@code overloaded} (every other answer
 * later than the route timeout, the rest slow but in time) and {@code stalled} (never answers while
 * {@link #STALLED} is set, then at once).
 */
public class CircuitUpstreams implements QuarkusTestResourceLifecycleManager {

    /** Well past the test profile's route timeout (400 ms). */
    static final long LATE_MILLIS = 900;
    static volatile boolean STALLED = true;
    static volatile boolean FAILING_HEALS;
    static final AtomicInteger REACHED_STALLED = new AtomicInteger();
    static final AtomicInteger REACHED_FAILING = new AtomicInteger();

    private static Vertx vertx;
    private static int deadPort;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        deadPort = FreePort.find();
        AtomicInteger overloaded = new AtomicInteger();
        AtomicInteger erring = new AtomicInteger();
        int failing = serve(request -> {
            REACHED_FAILING.incrementAndGet();
            if (FAILING_HEALS) {
                request.response().putHeader("Content-Type", "application/json").end("{\"ok\":true}");
            } else {
                request.response().setStatusCode(503).putHeader("Content-Type", "application/problem+json")
                        .putHeader("Retry-After", "7")
                        .end("{\"type\":\"store-unavailable\",\"status\":503,\"detail\":\"the upstream's own\"}");
            }
        });
        int erringPort = serve(request -> request.response()
                .setStatusCode(erring.incrementAndGet() % 2 == 0 ? 500 : 502)
                .putHeader("Content-Type", "application/problem+json").end("{\"status\":500}"));
        int overloadedPort = serve(request -> {
            long delay = overloaded.incrementAndGet() % 2 == 0 ? LATE_MILLIS : 150;
            vertx.setTimer(delay, t -> request.response().putHeader("Content-Type", "application/json")
                    .end("{\"late\":" + (delay == LATE_MILLIS) + "}"));
        });
        int stalled = serve(request -> {
            REACHED_STALLED.incrementAndGet();
            if (!STALLED) {
                request.response().putHeader("Content-Type", "application/json").end("{\"ok\":true}");
            }
        });
        return Map.ofEntries(
                Map.entry("tandem.gateway.upstreams.dead", "http://127.0.0.1:" + deadPort),
                Map.entry("tandem.gateway.upstreams.failing", "http://127.0.0.1:" + failing),
                Map.entry("tandem.gateway.upstreams.erring", "http://127.0.0.1:" + erringPort),
                Map.entry("tandem.gateway.upstreams.overloaded", "http://127.0.0.1:" + overloadedPort),
                Map.entry("tandem.gateway.upstreams.stalled", "http://127.0.0.1:" + stalled),
                Map.entry("tandem.gateway.routes.dead", "dead"),
                Map.entry("tandem.gateway.routes.failing", "failing"),
                Map.entry("tandem.gateway.routes.erring", "erring"),
                Map.entry("tandem.gateway.routes.overloaded", "overloaded"),
                Map.entry("tandem.gateway.routes.stalled", "stalled"));
    }

    /** Something listens on the dead upstream's port from now on and answers 200. */
    static void revive() {
        serve(deadPort, request -> request.response().putHeader("Content-Type", "application/json")
                .end("{\"alive\":true}"));
    }

    private static int serve(io.vertx.core.Handler<HttpServerRequest> handler) {
        return serve(0, handler);
    }

    private static int serve(int port, io.vertx.core.Handler<HttpServerRequest> handler) {
        HttpServer server = vertx.createHttpServer().requestHandler(handler);
        try {
            return server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS).actualPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
