package dev.tandem.gateway.identity;

import dev.tandem.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.tandem.gateway.identity.Identity.as;
import static dev.tandem.gateway.identity.Identity.asAdmin;
import static dev.tandem.gateway.identity.Identity.assertProblem;
import static dev.tandem.gateway.identity.Identity.me;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class ApiKeyTest {

    private static Response create(Map<String, Object> body) {
        return asAdmin().body(body).post("/api/admin/api-keys");
    }

    private static Response exchange(String key) {
        return as(null).body(Map.of("apiKey", key)).post("/auth/token");
    }

    @Test
    void createExchangeRevokeAndTheNextExchangeIsRefusedAtOnce() {
        Response created = create(Map.of("name", "site tracker", "roles", List.of("tracker"), "subject", "tracker-site"));
        created.then().statusCode(201)
                .header("Location", notNullValue())
                .body("key", matchesPattern("tdk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}"))
                .body("roles", equalTo(List.of("tracker")))
                .body("lastUsedAt", nullValue());
        String key = created.path("key");
        String id = created.path("id");
        String prefix = created.path("prefix");

        String token = exchange(key).then().statusCode(200).body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(900)).extract().path("accessToken");
        me(token).then().statusCode(200).body("subject", equalTo("tracker-site")).body("roles", equalTo(List.of("tracker")));

        // The secret is never shown again; last use is recorded.
        asAdmin().get("/api/admin/api-keys/" + id).then().statusCode(200)
                .body("$", not(org.hamcrest.Matchers.hasKey("key")))
                .body("lastUsedAt", notNullValue());
        asAdmin().get("/api/admin/api-keys").then().statusCode(200).body("items.prefix", hasItem(prefix))
                .body("items.key", not(hasItem(key)));

        asAdmin().post("/api/admin/api-keys/" + id + "/revoke").then().statusCode(200).body("revokedAt", notNullValue());
        assertProblem(exchange(key), 401);
        asAdmin().queryParam("type", "api-key.created").get("/api/admin/audit").then().body("items.target", hasItem(prefix));
        asAdmin().queryParam("type", "api-key.revoked").get("/api/admin/audit").then().body("items.target", hasItem(prefix));
    }

    @Test
    void anExpiredKeyIsRefused() {
        String expiresAt = Instant.now().plusSeconds(2).toString();
        String key = create(Map.of("name", "short lived", "roles", List.of("marketing"), "expiresAt", expiresAt))
                .then().statusCode(201).extract().path("key");
        exchange(key).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .until(() -> exchange(key).statusCode() == 401);
        assertProblem(exchange(key), 401);
    }

    @Test
    void aWrongSecretOrAMadeUpKeyIsRefused() {
        String key = create(Map.of("name", "guarded", "roles", List.of("tracker"))).path("key");
        String wrongSecret = key.substring(0, key.length() - 43) + "A".repeat(43);
        assertProblem(exchange(wrongSecret), 401);
        assertProblem(exchange("tdk_aaaaaaaaaaaa_" + "B".repeat(43)), 401);
        assertProblem(exchange("not even shaped like a key"), 401);
        exchange(key).then().statusCode(200);
    }

    @Test
    void aKeyInThePastCannotBeCreated() {
        long before = asAdmin().get("/api/admin/api-keys").then().extract().jsonPath().getLong("total");
        Response refused = create(Map.of("name", "stale", "roles", List.of("tracker"),
                "expiresAt", Instant.now().minusSeconds(60).toString()));
        assertProblem(refused, 400);
        refused.then().body("errors[0].field", equalTo("expiresAt"));
        asAdmin().get("/api/admin/api-keys").then().body("total", equalTo((int) before));
    }
}
