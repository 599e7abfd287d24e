package dev.tandem.gateway.identity;

import dev.tandem.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.tandem.gateway.identity.Identity.PASSWORD;
import static dev.tandem.gateway.identity.Identity.accessToken;
import static dev.tandem.gateway.identity.Identity.asAdmin;
import static dev.tandem.gateway.identity.Identity.assertProblem;
import static dev.tandem.gateway.identity.Identity.createUser;
import static dev.tandem.gateway.identity.Identity.login;
import static dev.tandem.gateway.identity.Identity.me;
import static dev.tandem.gateway.identity.Identity.uniqueEmail;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class LoginTest {

    private static final String JAPANESE_NAME = "髙橋 𠮷太郎（たかはし）";

    @Test
    void rightPasswordGivesAnRs256TokenWithTheUsersClaims() {
        String email = uniqueEmail("login");
        String id = createUser(email, JAPANESE_NAME, List.of("marketing", "sales"));
        Response response = login(email.toUpperCase(), PASSWORD);
        response.then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(900))
                .body("refreshToken", notNullValue());
        String token = response.path("accessToken");
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
        assertTrue(header.contains("\"alg\":\"RS256\""), header);
        assertTrue(header.contains("\"kid\":"), header);
        me(token).then().statusCode(200)
                .body("subject", equalTo(id))
                .body("name", equalTo(JAPANESE_NAME))
                .body("email", equalTo(email))
                .body("roles", hasItem("marketing"))
                .body("roles", hasItem("sales"));
        asAdmin().get("/api/admin/users/" + id).then().statusCode(200)
                .body("displayName", equalTo(JAPANESE_NAME))
                .body("lastLoginAt", notNullValue());
    }

    @Test
    void wrongPasswordUnknownEmailLockedAndDisabledAllGetTheSameAnswer() {
        String email = uniqueEmail("same");
        createUser(email, "Same", List.of("sales"));
        Response wrong = login(email, "not the password at all");
        Response unknown = login(uniqueEmail("nobody"), PASSWORD);
        assertProblem(wrong, 401);
        assertProblem(unknown, 401);
        assertEquals(wrong.path("detail"), (String) unknown.path("detail"));
        assertEquals(wrong.path("type"), (String) unknown.path("type"));
    }

    @Test
    void repeatedFailuresLockTheAccountUntilThePeriodEnds() {
        String email = uniqueEmail("lock");
        String id = createUser(email, "Lock", List.of("sales"));
        String detail = login(email, "wrong password 1").path("detail");
        login(email, "wrong password 2");
        assertProblem(login(email, "wrong password 3"), 401);
        // Locked: the right password is refused with the same problem as a wrong one.
        Response locked = login(email, PASSWORD);
        assertProblem(locked, 401);
        assertEquals(detail, locked.path("detail"));
        asAdmin().get("/api/admin/users/" + id).then().body("locked", equalTo(true));
        asAdmin().queryParam("type", "login.locked-out").get("/api/admin/audit").then().statusCode(200)
                .body("items.target", hasItem(email));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> login(email, PASSWORD).statusCode() == 200);
        asAdmin().get("/api/admin/users/" + id).then().body("locked", equalTo(false));
    }

    @Test
    void anAdminCanUnlockAtOnce() {
        String email = uniqueEmail("unlock");
        String id = createUser(email, "Unlock", List.of("sales"));
        for (int i = 0; i < 3; i++) {
            login(email, "wrong password " + i);
        }
        assertProblem(login(email, PASSWORD), 401);
        asAdmin().post("/api/admin/users/" + id + "/unlock").then().statusCode(200).body("locked", equalTo(false));
        login(email, PASSWORD).then().statusCode(200);
    }

    @Test
    void aDisabledUserCannotSignInOrRefresh() {
        String email = uniqueEmail("disabled");
        String id = createUser(email, "Disabled", List.of("sales"));
        String refreshToken = login(email, PASSWORD).then().statusCode(200).extract().path("refreshToken");
        asAdmin().body(Map.of("enabled", false)).patch("/api/admin/users/" + id).then().statusCode(200)
                .body("enabled", equalTo(false));
        Response refused = login(email, PASSWORD);
        assertProblem(refused, 401);
        assertEquals(login(email, "wrong password here").path("detail"), (String) refused.path("detail"));
        assertProblem(Identity.refresh(refreshToken), 401);
        asAdmin().queryParam("type", "login.refused").get("/api/admin/audit").then()
                .body("items.detail", hasItem("disabled"));
    }

    @Test
    void passwordResetUnlocksAndEndsSessions() {
        String email = uniqueEmail("reset");
        String id = createUser(email, "Reset", List.of("marketing"));
        String refreshToken = login(email, PASSWORD).path("refreshToken");
        asAdmin().body(Map.of("password", "a brand new password")).post("/api/admin/users/" + id + "/password")
                .then().statusCode(204);
        assertProblem(Identity.refresh(refreshToken), 401);
        assertProblem(login(email, PASSWORD), 401);
        login(email, "a brand new password").then().statusCode(200);
    }

    @Test
    void emailsAreUniqueWhateverTheirCase() {
        String email = uniqueEmail("unique");
        createUser(email, "First", List.of("sales"));
        Response duplicate = asAdmin().body(Map.of("email", email.toUpperCase(), "displayName", "Second",
                "roles", List.of("sales"), "password", PASSWORD)).post("/api/admin/users");
        assertProblem(duplicate, 409);
        duplicate.then().body("errors[0].field", equalTo("email"));
    }

    @Test
    void signInsAndFailuresAreAudited() {
        String email = uniqueEmail("audit");
        createUser(email, "Audit", List.of("sales"));
        accessToken(email);
        login(email, "wrong password again");
        asAdmin().queryParam("type", "login.succeeded").get("/api/admin/audit").then().statusCode(200)
                .body("items.actor", hasItem(email));
        asAdmin().queryParam("type", "login.failed").get("/api/admin/audit").then().statusCode(200)
                .body("items.detail", hasItem(containsString("wrong password")));
        asAdmin().queryParam("type", "user.created").get("/api/admin/audit").then().statusCode(200)
                .body("items.target", hasItem(email));
    }
}
