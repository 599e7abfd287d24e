package dev.tandem.gateway.routing;

import dev.tandem.gateway.browser.SecurityHeaders;
import dev.tandem.platform.http.Problem;
import dev.tandem.platform.http.RequestId;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

import java.net.ConnectException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * One request passed to one upstream through Vert.x's HTTP proxy: the request and response headers rewritten
 * (hop-by-hop removed both ways, those named in {@code Connection} too; forwarding, request id and trace context
 * set), the body streamed and counted, the attempt guarded by the upstream's circuits ({@link CircuitPolicy}), a
 * bodiless idempotent request retried when its connection failed before an answer, and every failure told apart:
 * refused or a circuit open → 503, silent past the route's timeout → 504, body past the cap → 413, anything else →
 * 502.
 */
final class ProxyExchange implements ProxyInterceptor {

    /** RFC 9110 §7.6.1 plus the obsolete ones still seen in the wild. */
    static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);
    /** What a refused connection asks the caller to wait (the circuit decides after a few of them). */
    private static final Duration UNREACHABLE_RETRY = Duration.ofSeconds(5);
    private static final Pattern TRACEPARENT = Pattern.compile("00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");

    private final RoutingContext ctx;
    private final Upstreams.Upstream upstream;
    private final RouteTable.Route route;
    private final String upstreamUri;
    private final EdgeProblems problems;
    private final int retries;
    private final RoutingConfig config;
    private final ForwardedHeaders forwarded;
    private CountedBody body;

    ProxyExchange(RoutingContext ctx, Upstreams.Upstream upstream, RouteTable.Route route, String upstreamUri,
                  EdgeProblems problems, RoutingConfig config, ForwardedHeaders forwarded) {
        this.ctx = ctx;
        this.upstream = upstream;
        this.route = route;
        this.upstreamUri = upstreamUri;
        this.problems = problems;
        this.config = config;
        this.retries = config.retries();
        this.forwarded = forwarded;
    }

    void start() {
        HttpProxy.reverseProxy(upstream.client())
                .origin(this::originRequest)
                .addInterceptor(this)
                .handle(ctx.request());
    }

    private Future<HttpClientRequest> originRequest(ProxyContext proxy) {
        return upstream.client().request(new RequestOptions()
                .setServer(upstream.address())
                .setHost(upstream.address().host())
                .setPort(upstream.address().port())
                .setIdleTimeout(route.timeout().toMillis()));
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext proxy) {
        ProxyRequest request = proxy.request();
        HttpServerRequest incoming = ctx.request();
        request.setURI(upstreamUri);
        MultiMap headers = request.headers();
        removeHopByHop(headers);
        forwarded.apply(ctx, headers);
        String requestId = ctx.response().headers().get(RequestId.HEADER);
        if (requestId != null) {
            headers.set(RequestId.HEADER, requestId);
        }
        String traceparent = headers.get("traceparent");
        if (traceparent == null || !TRACEPARENT.matcher(traceparent.trim()).matches()) {
            // Start a trace here so every service's logs of this request share one trace id.
            headers.remove("tracestate");
            headers.set("traceparent", newTraceparent());
        }
        boolean hasBody = incoming.headers().contains(HttpHeaders.TRANSFER_ENCODING)
                || (incoming.getHeader(HttpHeaders.CONTENT_LENGTH) != null
                && !"0".equals(incoming.getHeader(HttpHeaders.CONTENT_LENGTH).trim()));
        if (hasBody) {
            body = new CountedBody(incoming, route.maxBodyBytes());
            request.setBody(Body.body(body, request.getBody().length()));
        } else {
            request.setBody(null);
        }
        boolean retryable = !hasBody && IDEMPOTENT.contains(request.getMethod());
        return upstream.breaker().<ProxyResponse>execute(down -> upstream.slowBreaker().<ProxyResponse>execute(
                                slow -> attempt(proxy, retryable ? retries : 0)
                                        .transform(outcome -> classified(proxy, outcome))
                                        .onComplete(slow))
                        .recover(failure -> Future.failedFuture(failure instanceof OpenCircuitException
                                ? new CircuitPolicy.Shedding() : failure))
                        .onComplete(down))
                .recover(failure -> Future.succeededFuture(answerFor(proxy, failure)));
    }

    /** Puts each outcome in the terms of {@link CircuitPolicy}, so the breakers count only what is the upstream's. */
    private Future<ProxyResponse> classified(ProxyContext proxy, AsyncResult<ProxyResponse> outcome) {
        if (outcome.succeeded()) {
            return outcome.result().getStatusCode() == 503
                    ? Future.failedFuture(new CircuitPolicy.UnavailableAnswer(outcome.result()))
                    : Future.succeededFuture(outcome.result());
        }
        if (body != null && body.exceeded()) {
            return Future.failedFuture(new CircuitPolicy.CallersFault(
                    problem(proxy, EdgeProblems.tooLarge(route.maxBodyBytes())), outcome.cause()));
        }
        if (ctx.response().closed()) {
            return Future.failedFuture(new CircuitPolicy.CallersFault(null, outcome.cause()));
        }
        return Future.failedFuture(outcome.cause());
    }

    private ProxyResponse answerFor(ProxyContext proxy, Throwable failure) {
        if (failure instanceof CircuitPolicy.UnavailableAnswer unavailable) {
            return unavailable.response;
        }
        if (failure instanceof CircuitPolicy.CallersFault fault && fault.response != null) {
            return fault.response;
        }
        ProxyResponse response = problem(proxy, problemFor(failure));
        if (response.getStatusCode() == 503) {
            RoutingConfig.CircuitBreaker circuit = config.circuitBreaker();
            Duration rest = failure instanceof OpenCircuitException ? circuit.resetAfter()
                    : failure instanceof CircuitPolicy.Shedding ? circuit.slow().resetAfter() : UNREACHABLE_RETRY;
            response.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds(rest)));
        }
        return response;
    }

    private Future<ProxyResponse> attempt(ProxyContext proxy, int retriesLeft) {
        return proxy.sendRequest().recover(failure -> retriesLeft > 0 && !(failure instanceof TimeoutException)
                ? attempt(proxy, retriesLeft - 1)
                : Future.failedFuture(failure));
    }

    private Problem problemFor(Throwable failure) {
        String name = upstream.name();
        RoutingConfig.CircuitBreaker circuit = config.circuitBreaker();
        if (failure instanceof OpenCircuitException) {
            return EdgeProblems.unavailable(name + " failed repeatedly and is given a rest; try again shortly")
                    .withExtension("upstream", name);
        }
        if (failure instanceof CircuitPolicy.Shedding) {
            return EdgeProblems.unavailable(name + " answered none of the last " + circuit.slow().timeouts()
                            + " requests within " + route.timeout().toMillis() + " ms; requests are shed briefly")
                    .withExtension("upstream", name);
        }
        if (failure instanceof TimeoutException) {
            return EdgeProblems.timedOut(name + " did not answer within " + route.timeout().toMillis() + " ms")
                    .withExtension("upstream", name);
        }
        if (causedBy(failure, ConnectException.class)) {
            return EdgeProblems.unavailable(name + " cannot be reached").withExtension("upstream", name);
        }
        return EdgeProblems.badGateway(name + " closed the connection without a complete answer")
                .withExtension("upstream", name);
    }

    private static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    private ProxyResponse problem(ProxyContext proxy, Problem problem) {
        ProxyResponse response = proxy.request().release().response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .setBody(Body.body(Buffer.buffer(problems.json(problem, ctx.request().path()))));
        if (problem.status() == 413) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        return response;
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext proxy) {
        MultiMap headers = proxy.response().headers();
        boolean close = "close".equalsIgnoreCase(headers.get(HttpHeaders.CONNECTION))
                && proxy.response().getStatusCode() == 413 && body != null && body.exceeded();
        removeHopByHop(headers);
        // The gateway's own: one request id (the same value), and CORS decided here only.
        headers.remove(RequestId.HEADER);
        SecurityHeaders.OWNED.forEach(headers::remove);
        List.copyOf(headers.names()).stream()
                .filter(name -> name.toLowerCase(Locale.ROOT).startsWith("access-control-"))
                .forEach(headers::remove);
        if (close) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        return proxy.sendResponse();
    }

    /** Drops the hop-by-hop headers and every header the Connection header names (RFC 9110 §7.6.1). */
    static void removeHopByHop(MultiMap headers) {
        for (String connection : headers.getAll(HttpHeaders.CONNECTION)) {
            for (String named : connection.split(",")) {
                if (!named.isBlank()) {
                    headers.remove(named.trim());
                }
            }
        }
        HOP_BY_HOP.forEach(headers::remove);
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String newTraceparent() {
        byte[] ids = new byte[24];
        ThreadLocalRandom.current().nextBytes(ids);
        HexFormat hex = HexFormat.of();
        return "00-" + hex.formatHex(ids, 0, 16) + "-" + hex.formatHex(ids, 16, 24) + "-01";
    }
}
