package dev.tandem.gateway.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.platform.http.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Answers a request the gateway refuses on its own (before or instead of an upstream) with a problem+json body. */
@ApplicationScoped
public class EdgeProblems {

    @Inject
    ObjectMapper mapper;

    public static Problem notFound(String detail) {
        return Problem.of(404, "not-found", "Not Found", detail);
    }

    public static Problem unavailable(String detail) {
        return Problem.of(503, "upstream-unavailable", "Service Unavailable", detail);
    }

    public static Problem timedOut(String detail) {
        return Problem.of(504, "upstream-timeout", "Gateway Timeout", detail);
    }

    public static Problem badGateway(String detail) {
        return Problem.of(502, "bad-gateway", "Bad Gateway", detail);
    }

    public static Problem tooLarge(long limit) {
        return Problem.of(413, "body-too-large", "Payload too large",
                "the body is larger than the " + limit + " bytes accepted here");
    }

    public static Problem unauthorized(String detail) {
        return Problem.of(401, "unauthorized", "Unauthorized", detail);
    }

    public String json(Problem problem, String path) {
        try {
            return mapper.writeValueAsString(problem.withInstance(path));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code close}: the rest of the request body is never read, so the connection cannot carry another request. */
    public void refuse(RoutingContext ctx, Problem problem, boolean close) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.headWritten()) {
            return;
        }
        response.setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (problem.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        if (close) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(json(problem, ctx.request().path()));
    }
}
