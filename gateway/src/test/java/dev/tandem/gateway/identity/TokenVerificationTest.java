package dev.tandem.gateway.identity;

import dev.tandem.testing.PostgresResource;
import dev.tandem.testing.TestJwt;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.tandem.gateway.identity.Identity.asAdmin;
import static dev.tandem.gateway.identity.Identity.assertProblem;
import static dev.tandem.gateway.identity.Identity.me;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The gateway accepts its own tokens and testing's TestJwt ones (in %test), and nothing forged, expired or unsigned. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class TokenVerificationTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private static String devToken(String subject, List<String> roles, long seconds) {
        return asAdmin().body(Map.of("subject", subject, "roles", roles, "lifetimeSeconds", seconds))
                .post("/api/admin/dev-tokens").then().statusCode(200).extract().path("accessToken");
    }

    private static String header(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
    }

    @Test
    void ownTokensAndTestTokensAreAccepted() {
        me(devToken("rep-7", List.of("sales"), 600)).then().statusCode(200).body("subject", equalTo("rep-7"))
                .body("roles", equalTo(List.of("sales")));
        me(TestJwt.token(TestJwt.MARKETING)).then().statusCode(200).body("subject", equalTo("marketing-1"));
    }

    @Test
    void noTokenIs401() {
        assertProblem(me(null), 401);
    }

    @Test
    void aForgedSignatureIs401() {
        assertProblem(me(TestJwt.forged(TestJwt.ADMIN)), 401);
        // The gateway's own kid on a payload it did not sign (a sales token turned admin).
        String[] parts = devToken("rep-8", List.of("sales"), 600).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"sales\"", "\"admin\"");
        String tampered = parts[0] + "." + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertProblem(me(tampered), 401);
        assertProblem(Identity.as(tampered).get("/api/admin/users"), 401);
    }

    @Test
    void anExpiredTokenIs401() {
        assertProblem(me(TestJwt.expired(TestJwt.ADMIN)), 401);
        String shortLived = devToken("rep-9", List.of("sales"), 1);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .until(() -> me(shortLived).statusCode() == 401);
    }

    @Test
    void anUnsignedAlgNoneTokenIs401() {
        String real = devToken("rep-10", List.of("admin"), 600);
        String kid = header(real).replaceAll(".*\"kid\":\"([^\"]+)\".*", "$1");
        String payload = real.split("\\.")[1];
        for (String header : List.of("{\"alg\":\"none\",\"typ\":\"JWT\"}",
                "{\"alg\":\"none\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\"}")) {
            String unsigned = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + payload + ".";
            assertProblem(me(unsigned), 401);
        }
    }

    @Test
    void garbageIs401() {
        assertProblem(me("not.a.jwt"), 401);
        assertProblem(me("x"), 401);
    }
}
