package dev.tandem.platform.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * Caps request bodies: {@code tandem.http.max-body-bytes} (1 MiB) everywhere but the path prefixes of
 * {@code tandem.http.large-bodies} (a CSV import). A declared Content-Length over the cap is refused before a byte is
 * read; a chunked body is counted as it arrives (Vert.x's BodyHandler) and refused once it passes the cap, so no
 * body is ever read whole past it. Both get a 413 problem.
 */
@ApplicationScoped
public class BodyLimit {

    @Inject
    HttpEdgeConfig config;

    @Inject
    ObjectMapper mapper;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::check).failureHandler(this::failed);
    }

    void check(RoutingContext ctx) {
        long limit = limitFor(ctx.request().path());
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                refuse(ctx, Problem.of(400, "invalid-request", "Invalid request", "Content-Length is not a number"));
                return;
            }
            if (declared > limit) {
                refuse(ctx, tooLarge(limit));
                return;
            }
            ctx.next();
        } else if (ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            BodyHandler.create(false).setBodyLimit(limit).handle(ctx);
        } else {
            ctx.next();
        }
    }

    /** BodyHandler fails the request with 413 when a chunked body passes the cap. */
    void failed(RoutingContext ctx) {
        if (ctx.statusCode() == 413) {
            refuse(ctx, tooLarge(limitFor(ctx.request().path())));
        } else {
            ctx.next();
        }
    }

    private long limitFor(String path) {
        for (Map.Entry<String, Long> large : config.largeBodies().entrySet()) {
            if (path.startsWith(large.getKey())) {
                return large.getValue();
            }
        }
        return config.maxBodyBytes();
    }

    private static Problem tooLarge(long limit) {
        return Problem.of(413, "body-too-large", "Payload too large",
                "the body is larger than the " + limit + " bytes accepted here");
    }

    private void refuse(RoutingContext ctx, Problem problem) {
        RouteProblems.refuse(ctx, mapper, problem, true);
    }
}
