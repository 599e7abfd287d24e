package dev.tandem.e2e.gateway;

import dev.tandem.e2e.Suite;
import dev.tandem.testing.GatewayTokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;

/**
 * Tokens from a sign-in and from an API key, issued by the running gateway, are accepted by every service (each
 * verifies them against the gateway's JWKS); a revoked key gets no more tokens.
 */
class IdentityIT {

    private static RequestSpecification json(String token) {
        RequestSpecification request = RestAssured.given().contentType(ContentType.JSON);
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private static String adminToken() {
        Map<String, String> admin = GatewayTokens.adminCredentials(Suite.CREDENTIALS);
        return json(null).body(admin).post(Suite.GATEWAY + "/auth/login").then().statusCode(200)
                .extract().path("accessToken");
    }

    @Test
    void aSignedInMarketingUsersTokenIsAcceptedByEveryService() {
        String admin = adminToken();
        String email = "it-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        json(admin).body(Map.of("email", email, "displayName", "伊藤 理恵", "roles", List.of("marketing"),
                "password", "an integration test password")).post(Suite.GATEWAY + "/api/admin/users")
                .then().statusCode(201);
        String token = json(null).body(Map.of("email", email, "password", "an integration test password"))
                .post(Suite.GATEWAY + "/auth/login").then().statusCode(200).extract().path("accessToken");
        json(token).get(Suite.LEAD_SERVICE + "/leads").then().statusCode(200);
        json(token).get(Suite.SCORING_SERVICE + "/models").then().statusCode(200);
        json(token).get(Suite.GATEWAY + "/auth/me").then().statusCode(200).body("name", equalTo("伊藤 理恵"));
        // The same services refuse what the gateway did not sign.
        json(token.substring(0, token.lastIndexOf('.') + 1) + "AAAA").get(Suite.LEAD_SERVICE + "/leads")
                .then().statusCode(401);
    }

    @Test
    void anApiKeysTokenIsAcceptedUntilTheKeyIsRevoked() {
        String admin = adminToken();
        Map<String, Object> created = json(admin).body(Map.of("name", "it tracker", "roles", List.of("tracker")))
                .post(Suite.GATEWAY + "/api/admin/api-keys").then().statusCode(201).extract().as(Map.class);
        String key = (String) created.get("key");
        String token = json(null).body(Map.of("apiKey", key)).post(Suite.GATEWAY + "/auth/token").then()
                .statusCode(200).extract().path("accessToken");
        // An activity needs a known lead (an unknown email is 404).
        String visitor = "it-visitor-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        json(admin).body(Map.of("email", visitor)).post(Suite.LEAD_SERVICE + "/leads").then().statusCode(201);
        json(token).body(Map.of("email", visitor, "type", "page_view", "source", "web"))
                .post(Suite.LEAD_SERVICE + "/activities").then().statusCode(202);
        json(token).get(Suite.SCORING_SERVICE + "/models").then().statusCode(403);
        json(admin).post(Suite.GATEWAY + "/api/admin/api-keys/" + created.get("id") + "/revoke").then().statusCode(200);
        json(null).body(Map.of("apiKey", key)).post(Suite.GATEWAY + "/auth/token").then().statusCode(401);
    }

    @Test
    void devTokensForAnySubjectAreAcceptedToo() {
        json(Suite.token("sales", "rep-it")).get(Suite.LEAD_SERVICE + "/leads").then().statusCode(200);
    }
}
