package dev.tandem.gateway.ratelimit;

import dev.tandem.platform.http.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** 429 problem+json with Retry-After, RateLimit-Policy and RateLimit for a limit hit inside a resource. */
public class RateLimitedMapper {

    @ServerExceptionMapper
    public Response rateLimited(RateLimitedException e, UriInfo uri) {
        Response problem = ProblemMappers.respond(e.decision().problem(), uri);
        return Response.fromResponse(problem)
                .header(RateDecision.POLICY_HEADER, e.decision().policy().header())
                .header(RateDecision.LIMIT_HEADER, e.decision().limitHeader())
                .header("Retry-After", Long.toString(e.decision().retryAfterSeconds()))
                .build();
    }
}
