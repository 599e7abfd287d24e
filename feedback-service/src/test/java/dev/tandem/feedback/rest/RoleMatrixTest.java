package dev.tandem.feedback.rest;

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
import java.util.Map;
import java.util.stream.Stream;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * Every endpoint against every role and no token: 401 without a token, 403 for a role the endpoint does not admit,
 * anything but 401/403 for one it admits (the request itself may be refused as bad input, which proves it got in).
 */
@QuarkusTest
class RoleMatrixTest {

    private record Endpoint(String method, String path, List<String> allowed) {
    }

    private static final List<String> ALL_BUT_TRACKER = List.of(TestJwt.ADMIN, TestJwt.MARKETING, TestJwt.SALES);
    private static final List<String> MANAGERS = List.of(TestJwt.ADMIN, TestJwt.MARKETING);

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST", "/teams", MANAGERS),
            new Endpoint("GET", "/teams", ALL_BUT_TRACKER),
            new Endpoint("GET", "/teams/none", ALL_BUT_TRACKER),
            new Endpoint("PUT", "/teams/none", MANAGERS),
            new Endpoint("POST", "/reps", MANAGERS),
            new Endpoint("GET", "/reps", ALL_BUT_TRACKER),
            new Endpoint("GET", "/reps/none", ALL_BUT_TRACKER),
            new Endpoint("PUT", "/reps/none", MANAGERS),
            new Endpoint("GET", "/me/queue", List.of(TestJwt.ADMIN, TestJwt.SALES)),
            new Endpoint("POST", "/queue/none/claim", List.of(TestJwt.SALES)),
            new Endpoint("POST", "/feedback", List.of(TestJwt.ADMIN, TestJwt.SALES)),
            new Endpoint("POST", "/feedback/batch", List.of(TestJwt.ADMIN, TestJwt.SALES)),
            new Endpoint("GET", "/leads/none/feedback", ALL_BUT_TRACKER),
            new Endpoint("GET", "/leads/none/deals", ALL_BUT_TRACKER),
            new Endpoint("GET", "/reason-codes", ALL_BUT_TRACKER),
            new Endpoint("GET", "/reason-codes/too_early", ALL_BUT_TRACKER),
            new Endpoint("POST", "/reason-codes", MANAGERS),
            new Endpoint("PUT", "/reason-codes/none", MANAGERS),
            new Endpoint("GET", "/sla/breaches", ALL_BUT_TRACKER),
            new Endpoint("PUT", "/targets/2026-05", MANAGERS),
            new Endpoint("GET", "/targets/2026-05", ALL_BUT_TRACKER),
            new Endpoint("GET", "/kgi/2026-05", ALL_BUT_TRACKER),
            new Endpoint("GET", "/digests/2026-W19", ALL_BUT_TRACKER),
            new Endpoint("POST", "/agenda", ALL_BUT_TRACKER),
            new Endpoint("GET", "/insights/rejections", MANAGERS));

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            cases.add(Arguments.of(endpoint.method(), endpoint.path(), null, 401));
            for (String role : List.of(TestJwt.ADMIN, TestJwt.MARKETING, TestJwt.SALES, TestJwt.TRACKER)) {
                cases.add(Arguments.of(endpoint.method(), endpoint.path(), role,
                        endpoint.allowed().contains(role) ? 0 : 403));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} as {2}")
    @MethodSource("cases")
    void eachRoleGetsExactlyWhatItIsAllowed(String method, String path, String role, int expected) {
        RequestSpecification request = RestAssured.given().contentType(ContentType.JSON).body(Map.of());
        if (role != null) {
            request = request.auth().oauth2(TestJwt.token(role, role + "-matrix"));
        }
        var response = request.request(method, path).then();
        if (expected == 0) {
            response.statusCode(not(equalTo(401))).statusCode(not(equalTo(403)));
        } else {
            response.statusCode(expected).contentType("application/problem+json");
        }
    }
}
