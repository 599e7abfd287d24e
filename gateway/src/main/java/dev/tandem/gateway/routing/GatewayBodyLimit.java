package dev.tandem.gateway.routing;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.List;

/**
 * The gateway's body caps, in place of platform's {@code BodyLimit} (excluded here: it reads a chunked body whole
 * with a BodyHandler, and proxied bodies must stream). A declared Content-Length over the cap is refused before a
 * byte is read, everywhere. A chunked body to a proxied route is counted as it streams ({@link CountedBody}); one to
 * the gateway's own endpoints (sign-in, admin, lead 360) is read with a capped BodyHandler, as platform does. All
 * refusals are 413 problems.
 */
@ApplicationScoped
public class GatewayBodyLimit {

    @Inject
    RoutingConfig config;

    @Inject
    EdgeProblems problems;

    void install(@Observes Router router) {
        router.route().order(ApiProxy.ORDER + 2).handler(this::ownEndpoints).failureHandler(this::failed);
    }

    /** Only requests that were not proxied reach this (the proxy routes end them). */
    void ownEndpoints(RoutingContext ctx) {
        if (declaredTooLarge(ctx, config.maxBodyBytes())) {
            return;
        }
        if (ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()).handle(ctx);
        } else {
            ctx.next();
        }
    }

    void failed(RoutingContext ctx) {
        if (ctx.statusCode() == 413) {
            problems.refuse(ctx, EdgeProblems.tooLarge(config.maxBodyBytes()), true);
        } else {
            ctx.next();
        }
    }

    /** True when the request was refused: its declared length is over {@code limit}, or not a number. */
    boolean declaredTooLarge(RoutingContext ctx, long limit) {
        List<String> lengths = ctx.request().headers().getAll(HttpHeaders.CONTENT_LENGTH);
        if (lengths.isEmpty()) {
            return false;
        }
        long declared;
        try {
            declared = Long.parseLong(lengths.get(0).trim());
            if (lengths.size() > 1 || declared < 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            problems.refuse(ctx, dev.tandem.platform.http.Problem.of(400, "invalid-request", "Invalid request",
                    "Content-Length must be one non-negative number"), true);
            return true;
        }
        if (declared > limit) {
            problems.refuse(ctx, EdgeProblems.tooLarge(limit), true);
            return true;
        }
        return false;
    }
}
