package dev.tandem.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tokens from a running gateway, for tools that act as many users without accounts ({@code ./tandem token}, the
 * e2e tests, the benches): the dev API key that {@code ./tandem up} keeps in {@code keys/admin.json} is exchanged at
 * {@code POST /auth/token} for an admin token, which asks {@code POST /api/admin/dev-tokens} for a token of any
 * subject and roles. Plain JDK HTTP, so it runs outside a Quarkus app.
 */
public final class GatewayTokens {

    public static final URI LOCAL_GATEWAY = URI.create("http://127.0.0.1:8080");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI gateway;
    private final String apiKey;
    private String adminToken;
    private Instant adminTokenRenewAt = Instant.EPOCH;

    public GatewayTokens(URI gateway, String apiKey) {
        this.gateway = gateway;
        this.apiKey = apiKey;
    }

    /** From the credentials file {@code ./tandem up} wrote at the first start ({@code $TANDEM_HOME/keys/admin.json}). */
    public static GatewayTokens fromCredentials(Path credentialsFile, URI gateway) {
        if (!Files.exists(credentialsFile)) {
            throw new IllegalStateException(credentialsFile + " is missing: is the suite up (./tandem up)?");
        }
        try {
            JsonNode credentials = JSON.readTree(credentialsFile.toFile());
            return new GatewayTokens(gateway, credentials.path("apiKey").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + credentialsFile, e);
        }
    }

    /** The first admin's email and password from that file. */
    public static Map<String, String> adminCredentials(Path credentialsFile) {
        try {
            JsonNode credentials = JSON.readTree(credentialsFile.toFile());
            return Map.of("email", credentials.path("email").asText(), "password",
                    credentials.path("password").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + credentialsFile, e);
        }
    }

    /** A token for {@code subject} holding {@code roles}, valid {@code lifetime} (the gateway caps it at 24 h). */
    public synchronized String token(String subject, List<String> roles, Duration lifetime) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", subject);
        body.put("roles", roles);
        body.put("lifetimeSeconds", lifetime.toSeconds());
        return post("/api/admin/dev-tokens", body, adminToken()).path("accessToken").asText();
    }

    /** An access token for the API key itself ({@code POST /auth/token}). */
    public JsonNode exchange(String key) {
        return post("/auth/token", Map.of("apiKey", key), null);
    }

    private String adminToken() {
        if (adminToken == null || Instant.now().isAfter(adminTokenRenewAt)) {
            JsonNode answer = exchange(apiKey);
            adminToken = answer.path("accessToken").asText();
            // Renewed a minute before it expires.
            adminTokenRenewAt = Instant.now().plusSeconds(Math.max(0, answer.path("expiresIn").asLong() - 60));
        }
        return adminToken;
    }

    private JsonNode post(String path, Object body, String bearer) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("POST " + gateway.resolve(path) + " answered " + response.statusCode()
                        + ": " + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the gateway at " + gateway + " (is the suite up?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
