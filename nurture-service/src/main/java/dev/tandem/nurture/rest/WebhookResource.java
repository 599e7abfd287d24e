package dev.tandem.nurture.rest;

import dev.tandem.nurture.service.WebhookService;
import dev.tandem.platform.http.Problem;
import dev.tandem.platform.http.ProblemMappers;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The provider's bounce/complaint webhook: authenticated by its HMAC signature, not by a token. */
@Path("/webhooks/email-events")
@PermitAll
public class WebhookResource {

    @Inject
    WebhookService webhooks;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public WebhookService.Outcome receive(byte[] body, @HeaderParam("X-Tandem-Signature") String signature) {
        webhooks.verify(body, signature);
        return webhooks.apply(webhooks.parse(body));
    }

    @ServerExceptionMapper
    public Response badSignature(WebhookService.BadSignatureException e, UriInfo uri) {
        return ProblemMappers.respond(Problem.of(401, "bad-signature", "Bad signature", e.getMessage()), uri);
    }
}
