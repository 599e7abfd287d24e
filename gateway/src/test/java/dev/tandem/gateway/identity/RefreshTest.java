package dev.tandem.gateway.identity;

import dev.tandem.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.tandem.gateway.identity.Identity.PASSWORD;
import static dev.tandem.gateway.identity.Identity.as;
import static dev.tandem.gateway.identity.Identity.asAdmin;
import static dev.tandem.gateway.identity.Identity.assertProblem;
import static dev.tandem.gateway.identity.Identity.createUser;
import static dev.tandem.gateway.identity.Identity.login;
import static dev.tandem.gateway.identity.Identity.me;
import static dev.tandem.gateway.identity.Identity.refresh;
import static dev.tandem.gateway.identity.Identity.uniqueEmail;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class RefreshTest {

    @Test
    void theRefreshCookieIsHttpOnlySecureStrictAndScopedToAuth() {
        String email = uniqueEmail("cookie");
        createUser(email, "Cookie", List.of("sales"));
        String cookie = login(email, PASSWORD).then().statusCode(200).extract().header("Set-Cookie");
        assertTrue(cookie.startsWith("tandem_refresh="), cookie);
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("Secure"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);
        assertTrue(cookie.contains("Path=/auth"), cookie);
    }

    @Test
    void aRefreshRotatesTheTokenAndGivesAWorkingAccessToken() {
        String email = uniqueEmail("rotate");
        String id = createUser(email, "Rotate", List.of("marketing"));
        String first = login(email, PASSWORD).path("refreshToken");
        Response rotated = refresh(first);
        rotated.then().statusCode(200).body("refreshToken", notNullValue()).body("accessToken", notNullValue());
        String second = rotated.path("refreshToken");
        assertNotEquals(first, second);
        me(rotated.path("accessToken")).then().statusCode(200).body("subject", equalTo(id));
        refresh(second).then().statusCode(200);
    }

    @Test
    void theCookieAloneRefreshesForTheWebApp() {
        String email = uniqueEmail("browser");
        createUser(email, "Browser", List.of("sales"));
        String token = login(email, PASSWORD).path("refreshToken");
        as(null).cookie("tandem_refresh", token).body("{}").post("/auth/refresh").then().statusCode(200)
                .header("Set-Cookie", containsString("tandem_refresh="));
    }

    @Test
    void reusingAnOldRefreshTokenRevokesTheWholeFamily() {
        String email = uniqueEmail("reuse");
        createUser(email, "Reuse", List.of("sales"));
        String first = login(email, PASSWORD).path("refreshToken");
        String second = refresh(first).then().statusCode(200).extract().path("refreshToken");
        // The thief replays the first token: refused, and the legitimate holder of the second is signed out too.
        assertProblem(refresh(first), 401);
        assertProblem(refresh(second), 401);
        asAdmin().queryParam("type", "refresh.reused").get("/api/admin/audit").then().statusCode(200)
                .body("items.target", hasItem(email));
        // A new sign-in starts a new family that works.
        refresh(login(email, PASSWORD).path("refreshToken")).then().statusCode(200);
    }

    @Test
    void anotherSignInsFamilyIsNotAffectedByAReuse() {
        String email = uniqueEmail("families");
        createUser(email, "Families", List.of("sales"));
        String phone = login(email, PASSWORD).path("refreshToken");
        String laptop = login(email, PASSWORD).path("refreshToken");
        refresh(phone);
        assertProblem(refresh(phone), 401);
        refresh(laptop).then().statusCode(200);
    }

    @Test
    void logoutRevokesTheRefreshTokenAndClearsTheCookie() {
        String email = uniqueEmail("logout");
        createUser(email, "Logout", List.of("sales"));
        String token = login(email, PASSWORD).path("refreshToken");
        as(null).body(Map.of("refreshToken", token)).post("/auth/logout").then().statusCode(204)
                .header("Set-Cookie", containsString("Max-Age=0"));
        assertProblem(refresh(token), 401);
        asAdmin().queryParam("type", "logout").get("/api/admin/audit").then().body("items.target", hasItem(email));
        // Logging out again, or with nothing, is still 204 and says nothing about the token.
        as(null).body(Map.of("refreshToken", token)).post("/auth/logout").then().statusCode(204);
        as(null).body("{}").post("/auth/logout").then().statusCode(204);
    }

    @Test
    void unknownOrMissingRefreshTokensAre401() {
        assertProblem(refresh("not-a-token-anyone-was-given"), 401);
        assertProblem(as(null).body("{}").post("/auth/refresh"), 401);
        as(null).body("{}").post("/auth/refresh").then().header("Set-Cookie", not(containsString("tandem_refresh=x")));
    }
}
