package dev.tandem.scoring.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Refuses oversize bodies with a problem+json 413 before anything reads them. */
public class BodyLimitFilter {

    @ConfigProperty(name = "tandem.scoring.max-body-bytes", defaultValue = "1048576")
    long maxBodyBytes;

    @ServerRequestFilter(preMatching = true)
    public Response limit(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBodyBytes) {
                    return Problem.of(413, "payload-too-large", "Payload too large",
                            "request bodies are limited to " + maxBodyBytes + " bytes").toResponse();
                }
            } catch (NumberFormatException e) {
                return Problem.of(400, "invalid-request", "Invalid request", "Content-Length is not a number")
                        .toResponse();
            }
        }
        return null;
    }
}
