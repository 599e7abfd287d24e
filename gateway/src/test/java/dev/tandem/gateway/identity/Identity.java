package dev.tandem.gateway.identity;

import dev.tandem.testing.TestJwt;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Calls the identity endpoints the way clients do. */
final class Identity {

    static final String PASSWORD = "correct horse battery staple";
    static final String PROBLEM = "application/problem+json";

    private Identity() {
    }

    static RequestSpecification as(String token) {
        RequestSpecification request = RestAssured.given().contentType(ContentType.JSON);
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    static RequestSpecification asAdmin() {
        return as(TestJwt.token(TestJwt.ADMIN));
    }

    static String uniqueEmail(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** A new enabled user; answers its id. */
    static String createUser(String email, String displayName, List<String> roles) {
        return asAdmin().body(Map.of("email", email, "displayName", displayName, "roles", roles, "password", PASSWORD))
                .post("/api/admin/users").then().statusCode(201).extract().path("id");
    }

    static Response login(String email, String password) {
        return as(null).body(Map.of("email", email, "password", password)).post("/auth/login");
    }

    static String accessToken(String email) {
        return login(email, PASSWORD).then().statusCode(200).extract().path("accessToken");
    }

    static Response refresh(String refreshToken) {
        return as(null).body(Map.of("refreshToken", refreshToken)).post("/auth/refresh");
    }

    static Response me(String token) {
        return as(token).get("/auth/me");
    }

    static void assertProblem(Response response, int status) {
        response.then().statusCode(status).contentType(startsWith(PROBLEM)).body("status", equalTo(status));
    }
}
