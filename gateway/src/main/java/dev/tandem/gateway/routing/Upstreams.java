package dev.tandem.gateway.routing;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.FailurePolicy;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** One HTTP client (connection pool) and one circuit breaker per upstream service, built from the route table. */
@ApplicationScoped
public class Upstreams {

    private static final Logger LOG = Logger.getLogger(Upstreams.class);

    /**
     * An upstream service: where it is, how to reach it, and its two circuits (see {@link CircuitPolicy}):
     * {@code breaker} for "down" (unreachable, dropping connections, answering 503), {@code slowBreaker} for
     * answers that never come within the route's timeout.
     */
    public record Upstream(String name, SocketAddress address, String hostHeader, HttpClient client,
                           CircuitBreaker breaker, CircuitBreaker slowBreaker) {
    }

    private final Map<String, Upstream> upstreams = new HashMap<>();

    @Inject
    public Upstreams(Vertx vertx, RoutingConfig config) {
        for (Map.Entry<String, String> entry : config.upstreams().entrySet()) {
            URI uri = URI.create(entry.getValue());
            int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                    .setSsl("https".equals(uri.getScheme()))
                    .setKeepAlive(true)
                    .setTcpNoDelay(true)
                    .setConnectTimeout((int) config.connectTimeout().toMillis()),
                    new PoolOptions().setHttp1MaxSize(config.poolSize()));
            String name = entry.getKey();
            RoutingConfig.CircuitBreaker settings = config.circuitBreaker();
            CircuitBreaker down = breaker("upstream-" + name, vertx, settings.failures(), settings.window(),
                    settings.resetAfter(), CircuitPolicy::down);
            down.openHandler(v -> LOG.warnf("circuit of %s opened (unreachable or answering 503): answering 503"
                    + " for %s, then one request tries", name, settings.resetAfter()));
            down.closeHandler(v -> LOG.infof("circuit of %s closed", name));
            RoutingConfig.Slow slow = settings.slow();
            CircuitBreaker slowBreaker = breaker("upstream-" + name + "-slow", vertx, slow.timeouts(),
                    settings.window(), slow.resetAfter(), CircuitPolicy::slow);
            slowBreaker.openHandler(v -> LOG.warnf("%s timed out %d times in a row: shedding for %s, then one"
                    + " request tries", name, slow.timeouts(), slow.resetAfter()));
            slowBreaker.closeHandler(v -> LOG.infof("%s answers in time again", name));
            upstreams.put(name, new Upstream(name, SocketAddress.inetSocketAddress(port, uri.getHost()),
                    uri.getHost() + ":" + port, client, down, slowBreaker));
        }
    }

    private static CircuitBreaker breaker(String name, Vertx vertx, int failures, Duration window,
                                          Duration resetAfter, FailurePolicy<ProxyResponse> counts) {
        return CircuitBreaker.create(name, vertx, new CircuitBreakerOptions()
                        .setMaxFailures(failures)
                        .setFailuresRollingWindow(window.toMillis())
                        .setResetTimeout(resetAfter.toMillis())
                        // The proxy's own idle timeout bounds each attempt (504); the breaker only counts.
                        .setTimeout(-1)
                        // No event-bus metrics: they cost a rolling-window update per request and nobody reads them.
                        .setNotificationAddress(null))
                .failurePolicy(counts);
    }

    public Upstream get(String name) {
        Upstream upstream = upstreams.get(name);
        if (upstream == null) {
            throw new IllegalArgumentException("no upstream named " + name);
        }
        return upstream;
    }

    @PreDestroy
    void close() {
        upstreams.values().forEach(upstream -> {
            upstream.breaker().close();
            upstream.slowBreaker().close();
            upstream.client().close();
        });
    }
}
