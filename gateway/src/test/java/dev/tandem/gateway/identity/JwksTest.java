package dev.tandem.gateway.identity;

import dev.tandem.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.tandem.gateway.identity.Identity.asAdmin;
import static dev.tandem.gateway.identity.Identity.me;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class JwksTest {

    private static String token() {
        return asAdmin().body(Map.of("subject", "jwks-1", "roles", List.of("sales"))).post("/api/admin/dev-tokens")
                .then().statusCode(200).extract().path("accessToken");
    }

    private static String kidOf(String token) {
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        return header.replaceAll(".*\"kid\":\"([^\"]+)\".*", "$1");
    }

    private static String jwks() {
        return RestAssured.get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
    }

    /** Verifies as a service does: the signature against the published key named by the token's kid. */
    private static void verifiesAgainst(String jwks, String token) throws Exception {
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .setExpectedIssuer("https://tandem.dev")
                .setRequireExpirationTime()
                .build();
        consumer.process(token);
    }

    @Test
    void theJwksHoldsPublicRsaKeysOnlyAndMayBeCached() throws Exception {
        RestAssured.get("/.well-known/jwks.json").then().statusCode(200)
                .header("Cache-Control", "public, max-age=300")
                .body("keys", notNullValue())
                .body("keys.kty", everyItem(equalTo("RSA")))
                .body("keys.use", everyItem(equalTo("sig")))
                .body("keys.alg", everyItem(equalTo("RS256")))
                .body("keys.n", everyItem(notNullValue()))
                .body("keys.e", everyItem(notNullValue()));
        String jwks = jwks();
        for (String privatePart : List.of("\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"")) {
            assertFalse(jwks.contains(privatePart), jwks);
        }
        String token = token();
        RestAssured.get("/.well-known/jwks.json").then().body("keys.kid", hasItem(kidOf(token)));
        verifiesAgainst(jwks, token);
    }

    @Test
    void aRotatedKeyIsPublishedBeforeItSignsAndTheOldOneKeepsVerifying() throws Exception {
        String before = token();
        String oldKid = kidOf(before);
        String newKid = asAdmin().post("/api/admin/signing-keys/rotate").then().statusCode(201)
                .body("state", equalTo("PENDING")).extract().path("kid");
        assertNotEquals(oldKid, newKid);

        // Published at once, but the old key still signs during the publish lead (5 s in tests).
        List<String> published = JsonPath.from(jwks()).getList("keys.kid");
        assertEquals(true, published.contains(newKid), published.toString());
        assertEquals(oldKid, kidOf(token()));

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> kidOf(token()).equals(newKid));
        String after = token();

        // The token signed before the rotation is still good: its key stays published for a token's lifetime.
        String jwks = jwks();
        assertEquals(true, JsonPath.from(jwks).getList("keys.kid").contains(oldKid), jwks);
        verifiesAgainst(jwks, before);
        verifiesAgainst(jwks, after);
        me(before).then().statusCode(200);
        me(after).then().statusCode(200);
        asAdmin().get("/api/admin/signing-keys").then().statusCode(200)
                .body("find { it.kid == '" + newKid + "' }.state", equalTo("ACTIVE"))
                .body("find { it.kid == '" + oldKid + "' }.state", equalTo("RETIRING"))
                .body("find { it.kid == '" + oldKid + "' }.retiresAt", notNullValue());
        asAdmin().queryParam("type", "signing-key.created").get("/api/admin/audit").then()
                .body("items.target", hasItem(newKid));
    }
}
