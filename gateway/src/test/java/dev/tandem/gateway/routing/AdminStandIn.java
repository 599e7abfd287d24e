package dev.tandem.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/** A gateway-owned resource under /api/admin for the tests only: reads its body after the gateway's admission. */
@Path("/api/admin/edge-test-echo")
public class AdminStandIn {

    @POST
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> echo(JsonNode body) {
        return Map.of("name", body.path("name").asText());
    }
}
