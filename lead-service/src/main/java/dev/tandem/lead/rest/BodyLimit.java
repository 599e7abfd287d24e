package dev.tandem.lead.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.lead.Problem;
import dev.tandem.lead.config.LeadConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Refuses bodies over the cap (JSON 1 MiB, CSV import larger) from their Content-Length, before any byte is read,
 * with a 413 problem. The HTTP server's own max-body-size is the hard cap above both.
 */
@ApplicationScoped
public class BodyLimit {

    @Inject
    LeadConfig config;

    @Inject
    ObjectMapper mapper;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long limit = ctx.request().path().startsWith("/leads/import")
                    ? config.maxCsvBodyBytes() : config.maxJsonBodyBytes();
            if (length != null && tooLong(length, limit)) {
                Problem problem = Problem.of(413, "body-too-large", "Payload too large",
                        "the body has " + length + " bytes; at most " + limit + " are accepted here")
                        .withInstance(ctx.request().path());
                try {
                    ctx.response().setStatusCode(413)
                            .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                            .putHeader(HttpHeaders.CONNECTION, "close")
                            .end(mapper.writeValueAsString(problem));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    ctx.fail(e);
                }
                return;
            }
            ctx.next();
        });
    }

    private static boolean tooLong(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
