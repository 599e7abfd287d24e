package dev.tandem.gateway.routing;

import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * The {@code X-Forwarded-*} headers an upstream gets, and what the gateway itself believes about the original
 * request. A caller's own {@code X-Forwarded-*} values are believed only when the connection comes from a proxy in
 * {@code tandem.gateway.trusted-proxies} (a load balancer terminating TLS); anyone else could claim any address or
 * scheme, so for them the gateway states what it saw itself.
 */
@ApplicationScoped
public class ForwardedHeaders {

    private final List<String> trustedProxies;

    @Inject
    public ForwardedHeaders(RoutingConfig config) {
        this.trustedProxies = config.trustedProxies().orElse(List.of());
    }

    public boolean fromTrustedProxy(RoutingContext ctx) {
        SocketAddress remote = ctx.request().remoteAddress();
        return remote != null && trustedProxies.contains(remote.hostAddress());
    }

    /** The client's address: the first hop a trusted proxy reports, else the connection's peer. */
    public String clientAddress(RoutingContext ctx) {
        if (fromTrustedProxy(ctx)) {
            String chain = ctx.request().getHeader("X-Forwarded-For");
            if (chain != null && !chain.isBlank()) {
                return chain.split(",")[0].trim();
            }
        }
        SocketAddress remote = ctx.request().remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }

    /** {@code https} when the request came over TLS, to the gateway or to a trusted proxy in front of it. */
    public String scheme(RoutingContext ctx) {
        if (fromTrustedProxy(ctx)) {
            String proto = ctx.request().getHeader("X-Forwarded-Proto");
            if (proto != null && !proto.isBlank()) {
                return proto.split(",")[0].trim().toLowerCase(java.util.Locale.ROOT);
            }
        }
        return ctx.request().isSSL() ? "https" : "http";
    }

    public String host(RoutingContext ctx) {
        if (fromTrustedProxy(ctx)) {
            String host = ctx.request().getHeader("X-Forwarded-Host");
            if (host != null && !host.isBlank()) {
                return host.split(",")[0].trim();
            }
        }
        String host = ctx.request().getHeader("Host");
        return host == null ? "" : host;
    }

    void apply(RoutingContext ctx, MultiMap headers) {
        SocketAddress remote = ctx.request().remoteAddress();
        String peer = remote == null ? "unknown" : remote.hostAddress();
        String chain = fromTrustedProxy(ctx) ? ctx.request().getHeader("X-Forwarded-For") : null;
        headers.set("X-Forwarded-For", chain == null || chain.isBlank() ? peer : chain + ", " + peer);
        headers.set("X-Forwarded-Proto", scheme(ctx));
        headers.set("X-Forwarded-Host", host(ctx));
        headers.remove("Forwarded");
    }
}
