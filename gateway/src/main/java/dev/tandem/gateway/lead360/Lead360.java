package dev.tandem.gateway.lead360;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.gateway.routing.EdgeProblems;
import dev.tandem.gateway.routing.Upstreams;
import dev.tandem.platform.http.Problem;
import dev.tandem.platform.http.RequestId;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/leads/{id}/360}: the lead, its scores, its latest timeline entries, its nurture enrollments, its
 * feedback and its deals, each asked of the owning service in parallel with the caller's own token (so each
 * service's rules apply: a rep sees only own leads). The lead itself decides: if lead-service says 401, 403 or 404,
 * that is the answer. Any other part that fails, times out or is not there is {@code {"status": "unavailable"}}
 * and the rest is returned: one service down never makes this a 5xx.
 */
@ApplicationScoped
public class Lead360 {

    /** A part as the answer shows it. */
    record Part(int status, JsonNode body, String unavailableBecause) {

        static Part unavailable(String why) {
            return new Part(0, null, why);
        }
    }

    @Inject
    Upstreams upstreams;

    @Inject
    Lead360Config config;

    @Inject
    ObjectMapper mapper;

    @Inject
    EdgeProblems problems;

    public void answer(RoutingContext ctx, String leadId) {
        // The raw segment, vetted by PathGuard (no slash, dot segment or encoded separator): passed on as it came.
        String id = leadId;
        MultiMap forwarded = MultiMap.caseInsensitiveMultiMap();
        copy(ctx, forwarded, HttpHeaders.AUTHORIZATION.toString());
        copy(ctx, forwarded, "traceparent");
        forwarded.set(HttpHeaders.ACCEPT, "application/json");
        String requestId = ctx.response().headers().get(RequestId.HEADER);
        if (requestId != null) {
            forwarded.set(RequestId.HEADER, requestId);
        }
        Map<String, Future<Part>> parts = new LinkedHashMap<>();
        parts.put("lead", fetch(config.leadUpstream(), "/leads/" + id, forwarded));
        parts.put("scores", fetch(config.scoringUpstream(), "/scores/" + id, forwarded));
        parts.put("timeline", fetch(config.leadUpstream(), "/leads/" + id + "/timeline?order=desc&size="
                + config.timelineEntries(), forwarded));
        parts.put("enrollments", fetch(config.nurtureUpstream(), "/enrollments?leadId=" + id, forwarded));
        parts.put("feedback", fetch(config.feedbackUpstream(), "/leads/" + id + "/feedback", forwarded));
        parts.put("deals", fetch(config.feedbackUpstream(), "/leads/" + id + "/deals", forwarded));
        Future.join(List.copyOf(parts.values())).onComplete(done -> {
            Part lead = parts.get("lead").result();
            if (lead.body() != null && (lead.status() == 401 || lead.status() == 403 || lead.status() == 404)) {
                // The caller may not see this lead (or it does not exist): nothing else is shown either.
                ctx.response().setStatusCode(lead.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
                if (lead.status() == 401) {
                    ctx.response().putHeader("WWW-Authenticate", "Bearer");
                }
                ctx.response().end(lead.body().toString());
                return;
            }
            ObjectNode answer = mapper.createObjectNode();
            answer.put("leadId", leadId);
            parts.forEach((name, part) -> answer.set(name, render(part.result())));
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(answer.toString());
        });
    }

    private JsonNode render(Part part) {
        ObjectNode node = mapper.createObjectNode();
        if (part.unavailableBecause() != null) {
            node.put("status", "unavailable");
            node.put("reason", part.unavailableBecause());
        } else if (part.status() == 401 || part.status() == 403) {
            node.put("status", "forbidden");
        } else {
            node.put("status", "ok");
            node.set("data", part.body());
        }
        return node;
    }

    /** Always succeeds: a failure becomes an unavailable part. */
    private Future<Part> fetch(String upstreamName, String uri, MultiMap headers) {
        Upstreams.Upstream upstream;
        try {
            upstream = upstreams.get(upstreamName);
        } catch (IllegalArgumentException e) {
            return Future.succeededFuture(Part.unavailable("not-configured"));
        }
        if (upstream.breaker().state() == CircuitBreakerState.OPEN) {
            return Future.succeededFuture(Part.unavailable("circuit-open"));
        }
        if (upstream.slowBreaker().state() == CircuitBreakerState.OPEN) {
            return Future.succeededFuture(Part.unavailable("shedding"));
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setServer(upstream.address())
                .setHost(upstream.address().host()).setPort(upstream.address().port()).setURI(uri)
                .setHeaders(MultiMap.caseInsensitiveMultiMap().addAll(headers))
                .setTimeout(config.partTimeout().toMillis());
        return upstream.client().request(options)
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> part(response.statusCode(), body)))
                .recover(failure -> Future.succeededFuture(Part.unavailable(
                        failure instanceof java.util.concurrent.TimeoutException ? "timeout" : "unreachable")));
    }

    private Part part(int status, Buffer body) {
        if (status == 404 && body.length() == 0) {
            return Part.unavailable("not-found");
        }
        JsonNode json;
        try {
            json = body.length() == 0 ? mapper.nullNode() : mapper.readTree(body.getBytes());
        } catch (IOException e) {
            return Part.unavailable("unreadable-answer");
        }
        if (status >= 200 && status < 300) {
            return new Part(status, json, null);
        }
        if (status == 401 || status == 403) {
            return new Part(status, json, null);
        }
        if (status == 404) {
            // A service that is not deployed yet (or a path it does not have) and a lead without such data look
            // alike here; the lead part alone decides whether the lead exists.
            return new Part(404, json, "not-found");
        }
        return Part.unavailable("status-" + status);
    }

    private static void copy(RoutingContext ctx, MultiMap to, String name) {
        String value = ctx.request().getHeader(name);
        if (value != null) {
            to.set(name, value);
        }
    }
}
