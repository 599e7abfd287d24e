package dev.tandem.platform.idempotency;

import dev.tandem.platform.http.ProblemMappers;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one refusal of the facility that needs a header: 409 in progress, with {@code Retry-After}. */
public class IdempotencyProblems {

    @ServerExceptionMapper
    public Response inUse(IdempotencyKeyInUseException e, UriInfo uri) {
        return Response.fromResponse(ProblemMappers.respond(e.problem(), uri))
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build();
    }
}
