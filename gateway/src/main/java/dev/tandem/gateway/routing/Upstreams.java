package dev.tandem.gateway.routing;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/** One HTTP client (connection pool) and one circuit breaker per upstream service, built from the route table. */
@ApplicationScoped
public class Upstreams {

    private static final Logger LOG = Logger.getLogger(Upstreams.class);

    /** An upstream service: where it is, how to reach it, and whether it is currently trusted to answer. */
    public record Upstream(String name, SocketAddress address, String hostHeader, HttpClient client,
                           CircuitBreaker breaker) {
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
            RoutingConfig.CircuitBreaker settings = config.circuitBreaker();
            CircuitBreaker breaker = CircuitBreaker.create("upstream-" + entry.getKey(), vertx,
                    new CircuitBreakerOptions()
                            .setMaxFailures(settings.failures())
                            .setFailuresRollingWindow(settings.window().toMillis())
                            .setResetTimeout(settings.resetAfter().toMillis())
                            // The proxy's own idle timeout bounds each attempt (504); the breaker only counts.
                            .setTimeout(-1));
            String name = entry.getKey();
            breaker.openHandler(v -> LOG.warnf("circuit of %s opened: answering 503 for %s", name,
                    settings.resetAfter()));
            breaker.closeHandler(v -> LOG.infof("circuit of %s closed", name));
            upstreams.put(name, new Upstream(name, SocketAddress.inetSocketAddress(port, uri.getHost()),
                    uri.getHost() + ":" + port, client, breaker));
        }
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
            upstream.client().close();
        });
    }
}
