package dev.tandem.gateway.identity;

import dev.tandem.testing.PostgresResource;
import dev.tandem.testing.TestJwt;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static dev.tandem.gateway.identity.Identity.PASSWORD;
import static dev.tandem.gateway.identity.Identity.as;
import static dev.tandem.gateway.identity.Identity.asAdmin;
import static dev.tandem.gateway.identity.Identity.assertProblem;
import static dev.tandem.gateway.identity.Identity.createUser;
import static dev.tandem.gateway.identity.Identity.uniqueEmail;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every admin endpoint against every role: admin succeeds, the others 403, no token 401. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class RoleMatrixTest {

    /** An endpoint called on a fresh user and a fresh API key (their ids are the function's second argument). */
    private record Endpoint(String name, BiFunction<RequestSpecification, String[], Response> call, int success) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("POST /api/admin/users", (r, ids) -> r.body(Map.of("email", uniqueEmail("rm"),
                        "displayName", "Role Matrix", "roles", List.of("sales"), "password", PASSWORD))
                        .post("/api/admin/users"), 201),
                new Endpoint("GET /api/admin/users", (r, ids) -> r.get("/api/admin/users"), 200),
                new Endpoint("GET /api/admin/users/{id}", (r, ids) -> r.get("/api/admin/users/" + ids[0]), 200),
                new Endpoint("PATCH /api/admin/users/{id}", (r, ids) -> r.body(Map.of("team", "north"))
                        .patch("/api/admin/users/" + ids[0]), 200),
                new Endpoint("POST /api/admin/users/{id}/password", (r, ids) -> r.body(Map.of("password",
                        "another long password")).post("/api/admin/users/" + ids[0] + "/password"), 204),
                new Endpoint("POST /api/admin/users/{id}/unlock", (r, ids) -> r.post("/api/admin/users/" + ids[0]
                        + "/unlock"), 200),
                new Endpoint("POST /api/admin/api-keys", (r, ids) -> r.body(Map.of("name", "rm", "roles",
                        List.of("tracker"))).post("/api/admin/api-keys"), 201),
                new Endpoint("GET /api/admin/api-keys", (r, ids) -> r.get("/api/admin/api-keys"), 200),
                new Endpoint("GET /api/admin/api-keys/{id}", (r, ids) -> r.get("/api/admin/api-keys/" + ids[1]), 200),
                new Endpoint("POST /api/admin/api-keys/{id}/revoke", (r, ids) -> r.post("/api/admin/api-keys/" + ids[1]
                        + "/revoke"), 200),
                new Endpoint("GET /api/admin/audit", (r, ids) -> r.get("/api/admin/audit"), 200),
                new Endpoint("GET /api/admin/signing-keys", (r, ids) -> r.get("/api/admin/signing-keys"), 200),
                new Endpoint("POST /api/admin/dev-tokens", (r, ids) -> r.body(Map.of("subject", "rm-1", "roles",
                        List.of("sales"))).post("/api/admin/dev-tokens"), 200));
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (String role : List.of(TestJwt.ADMIN, TestJwt.MARKETING, TestJwt.SALES, TestJwt.TRACKER)) {
                cases.add(Arguments.of(endpoint, role));
            }
            cases.add(Arguments.of(endpoint, null));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void onlyAdminsMayCallIt(Endpoint endpoint, String role) {
        String userId = createUser(uniqueEmail("rm-target"), "Target", List.of("sales"));
        String keyId = asAdmin().body(Map.of("name", "rm-target", "roles", List.of("tracker")))
                .post("/api/admin/api-keys").then().statusCode(201).extract().path("id");
        String[] ids = {userId, keyId};
        List<String> before = snapshot(ids);
        Response response = endpoint.call().apply(as(role == null ? null : TestJwt.token(role)), ids);
        if (role != null && role.equals(TestJwt.ADMIN)) {
            response.then().statusCode(endpoint.success());
            return;
        }
        assertProblem(response, role == null ? 401 : 403);
        assertEquals(before, snapshot(ids), "a refused call changed something");
    }

    /** The target user and key as stored, and how many users and keys there are. */
    private static List<String> snapshot(String[] ids) {
        return List.of(asAdmin().get("/api/admin/users/" + ids[0]).asString(),
                asAdmin().get("/api/admin/api-keys/" + ids[1]).asString(),
                asAdmin().get("/api/admin/users?limit=1").jsonPath().getString("total"),
                asAdmin().get("/api/admin/api-keys?limit=1").jsonPath().getString("total"));
    }
}
