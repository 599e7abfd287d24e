package dev.tandem.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** Ends a request refused by a route handler of the edge (before any resource runs) with its problem. */
final class RouteProblems {

    private RouteProblems() {
    }

    /** {@code close}: the rest of the request is never read, so the connection cannot carry another one. */
    static void refuse(RoutingContext ctx, ObjectMapper mapper, Problem problem, boolean close) {
        if (ctx.response().ended()) {
            return;
        }
        try {
            ctx.response().setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
            if (close) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            }
            ctx.response().end(mapper.writeValueAsString(problem.withInstance(ctx.request().path())));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }
}
