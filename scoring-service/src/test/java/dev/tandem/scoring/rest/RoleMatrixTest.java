package dev.tandem.scoring.rest;

import dev.tandem.testing.TestJwt;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.hamcrest.Matchers.equalTo;

/**
 * Every endpoint against every role and every kind of bad token. Allowed callers hit an unknown id (404) or an
 * invalid body (400), so the matrix changes nothing; refused callers get 401 or 403, always problem+json.
 */
@QuarkusTest
class RoleMatrixTest {

    private static final Set<String> WRITERS = Set.of(TestJwt.ADMIN, TestJwt.MARKETING);
    private static final Set<String> READERS = Set.of(TestJwt.ADMIN, TestJwt.MARKETING, TestJwt.SALES);

    private record Endpoint(String method, String path, String body, Set<String> allowed, int allowedStatus) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST", "/models", "{}", WRITERS, 400),
            new Endpoint("GET", "/models", null, READERS, 200),
            new Endpoint("GET", "/models/nope", null, READERS, 404),
            new Endpoint("PUT", "/models/nope", "{}", WRITERS, 400),
            new Endpoint("GET", "/models/nope/versions", null, READERS, 404),
            new Endpoint("POST", "/models/nope/versions", "{}", WRITERS, 400),
            new Endpoint("POST", "/models/nope/publish", null, WRITERS, 404),
            new Endpoint("POST", "/models/nope/primary", null, WRITERS, 404),
            new Endpoint("POST", "/models/nope/retire", null, WRITERS, 404),
            new Endpoint("GET", "/models/nope/rescore", null, READERS, 404),
            new Endpoint("POST", "/models/nope/simulate", null, WRITERS, 404),
            new Endpoint("GET", "/scores/nope", null, READERS, 404));

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            for (String role : List.of(TestJwt.ADMIN, TestJwt.MARKETING, TestJwt.SALES, TestJwt.TRACKER)) {
                int expected = endpoint.allowed().contains(role) ? endpoint.allowedStatus() : 403;
                cases.add(Arguments.of(endpoint, role, "valid", expected));
            }
            cases.add(Arguments.of(endpoint, TestJwt.ADMIN, "none", 401));
            cases.add(Arguments.of(endpoint, TestJwt.ADMIN, "expired", 401));
            cases.add(Arguments.of(endpoint, TestJwt.ADMIN, "forged", 401));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1} ({2} token) -> {3}")
    @MethodSource("matrix")
    void roleMatrix(Endpoint endpoint, String role, String token, int expected) {
        RequestSpecification request = RestAssured.given().contentType(ContentType.JSON);
        switch (token) {
            case "valid" -> request.auth().oauth2(TestJwt.token(role));
            case "expired" -> request.auth().oauth2(TestJwt.expired(role));
            case "forged" -> request.auth().oauth2(TestJwt.forged(role));
            default -> { }
        }
        if (endpoint.body() != null) {
            request.body(endpoint.body());
        }
        var response = request.request(endpoint.method(), endpoint.path()).then().statusCode(expected);
        if (expected >= 400) {
            response.contentType("application/problem+json").body("status", equalTo(expected));
        }
    }
}
