package dev.tandem.gateway.ratelimit;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/**
 * A sign-in resource as the identity part writes it, for the limit tests only: reads the body (after the per-IP
 * filter paused and resumed it) and takes the account's attempt.
 */
@Path("/test-sign-in")
public class SignInStandIn {

    @Inject
    LoginLimits limits;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> signIn(JsonNode body) {
        limits.account(body.path("email").asText());
        return Map.of("email", body.path("email").asText(), "fields", body.size());
    }
}
