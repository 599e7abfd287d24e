package dev.tandem.gateway.identity;

import dev.tandem.testing.PostgresResource;
import dev.tandem.testing.StrictInput;
import dev.tandem.testing.StrictInput.Case;
import dev.tandem.testing.TestJwt;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.tandem.gateway.identity.Identity.asAdmin;
import static dev.tandem.gateway.identity.Identity.assertProblem;
import static dev.tandem.gateway.identity.Identity.createUser;
import static dev.tandem.gateway.identity.Identity.uniqueEmail;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bad input on every identity endpoint: testing's StrictInput table, then this module's own rules. Each is a 4xx
 * problem+json naming what is wrong, and no user, key, audit event or stored field changes.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class BadInputTest {

    @TestHTTPResource("/")
    URL base;

    static List<Case> strictCases() {
        List<Case> cases = new ArrayList<>();
        cases.addAll(StrictInput.jsonBody("POST", "/auth/login", """
                {"email":"strict@example.com","password":"$text"}""", "password", null, false));
        cases.addAll(StrictInput.jsonBody("POST", "/auth/refresh", """
                {"refreshToken":"$text"}""", "refreshToken", null, false));
        cases.addAll(StrictInput.jsonBody("POST", "/auth/logout", """
                {"refreshToken":"$text"}""", "refreshToken", null, false));
        cases.addAll(StrictInput.jsonBody("POST", "/auth/token", """
                {"apiKey":"$text"}""", "apiKey", null, false));
        cases.addAll(StrictInput.jsonBody("POST", "/api/admin/users", """
                {"email":"strict-new@example.com","displayName":"$text","roles":["sales"],"password":"long enough password"}""",
                "displayName", null, false));
        cases.addAll(StrictInput.jsonBody("PATCH", "/api/admin/users/{id}", """
                {"displayName":"$text"}""", "displayName", null, false));
        cases.addAll(StrictInput.jsonBody("POST", "/api/admin/users/{id}/password", """
                {"password":"$text"}""", "password", null, false));
        cases.addAll(StrictInput.jsonBody("POST", "/api/admin/api-keys", """
                {"name":"$text","roles":["tracker"]}""", "name", null, false));
        cases.addAll(StrictInput.jsonBody("POST", "/api/admin/dev-tokens", """
                {"subject":"$text","roles":["sales"],"lifetimeSeconds":$number}""", "subject", "lifetimeSeconds", true));
        cases.addAll(StrictInput.queryParameter("/api/admin/audit", "type"));
        cases.addAll(StrictInput.requestTarget("/api/admin/users"));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strictCases")
    void strictInputIsRefusedAndChangesNothing(Case refused) throws Exception {
        String id = createUser(uniqueEmail("strict"), "Strict", List.of("sales"));
        List<String> before = snapshot(id);
        StrictInput.Request request = refused.request().withPath(refused.request().path().replace("{id}", id));
        StrictInput.assertRefused(refused, StrictInput.send(base.toURI(), TestJwt.token(TestJwt.ADMIN), request));
        assertEquals(before, snapshot(id), refused.name());
    }

    static Stream<Arguments> ownRules() {
        String valid = "long enough password";
        return Stream.of(
                rule("user without email", "POST", "/api/admin/users", Map.of("displayName", "A", "roles", List.of("sales"), "password", valid), 400, "email"),
                rule("user with a malformed email", "POST", "/api/admin/users", Map.of("email", "not-an-email", "displayName", "A", "roles", List.of("sales"), "password", valid), 400, "email"),
                rule("user with a blank display name", "POST", "/api/admin/users", Map.of("email", "blank@example.com", "displayName", "  ", "roles", List.of("sales"), "password", valid), 400, "displayName"),
                rule("user with no roles", "POST", "/api/admin/users", Map.of("email", "noroles@example.com", "displayName", "A", "roles", List.of(), "password", valid), 400, "roles"),
                rule("user with an unknown role", "POST", "/api/admin/users", Map.of("email", "root@example.com", "displayName", "A", "roles", List.of("root"), "password", valid), 400, "roles"),
                rule("user with a short password", "POST", "/api/admin/users", Map.of("email", "short@example.com", "displayName", "A", "roles", List.of("sales"), "password", "short"), 400, "password"),
                rule("user with a team of 101 characters", "POST", "/api/admin/users", Map.of("email", "team@example.com", "displayName", "A", "roles", List.of("sales"), "password", valid, "team", "t".repeat(101)), 400, "team"),
                rule("user with an unknown member", "POST", "/api/admin/users", Map.of("email", "extra@example.com", "displayName", "A", "roles", List.of("sales"), "password", valid, "isAdmin", true), 400, "isAdmin"),
                rule("user with a password hash", "POST", "/api/admin/users", Map.of("email", "hash@example.com", "displayName", "A", "roles", List.of("sales"), "password", valid, "passwordHash", "x"), 400, "passwordHash"),
                rule("change to no roles", "PATCH", "/api/admin/users/{id}", Map.of("roles", List.of()), 400, "roles"),
                rule("change to a blank display name", "PATCH", "/api/admin/users/{id}", Map.of("displayName", "   "), 400, "displayName"),
                rule("change of the email", "PATCH", "/api/admin/users/{id}", Map.of("email", "other@example.com"), 400, "email"),
                rule("change of an unknown user", "PATCH", "/api/admin/users/00000000-0000-0000-0000-000000000000", Map.of("team", "x"), 404, null),
                rule("reset to a short password", "POST", "/api/admin/users/{id}/password", Map.of("password", "short"), 400, "password"),
                rule("key without a name", "POST", "/api/admin/api-keys", Map.of("roles", List.of("tracker")), 400, "name"),
                rule("key with an unknown role", "POST", "/api/admin/api-keys", Map.of("name", "k", "roles", List.of("superuser")), 400, "roles"),
                rule("key with a subject holding spaces", "POST", "/api/admin/api-keys", Map.of("name", "k", "roles", List.of("tracker"), "subject", "a b"), 400, "subject"),
                rule("key with an expiry that is not an instant", "POST", "/api/admin/api-keys", Map.of("name", "k", "roles", List.of("tracker"), "expiresAt", "tomorrow"), 400, "expiresAt"),
                rule("revoke of an unknown key", "POST", "/api/admin/api-keys/00000000-0000-0000-0000-000000000000/revoke", null, 404, null),
                rule("dev token of 25 hours", "POST", "/api/admin/dev-tokens", Map.of("subject", "s", "roles", List.of("sales"), "lifetimeSeconds", 90_000), 400, "lifetimeSeconds"),
                rule("dev token of 0 seconds", "POST", "/api/admin/dev-tokens", Map.of("subject", "s", "roles", List.of("sales"), "lifetimeSeconds", 0), 400, "lifetimeSeconds"),
                rule("login without a password", "POST", "/auth/login", Map.of("email", "a@example.com"), 400, "password"),
                rule("key exchange without a key", "POST", "/auth/token", Map.of(), 400, "apiKey"),
                rule("audit of an unknown type", "GET", "/api/admin/audit?type=everything", null, 400, "type"),
                rule("a page of 0", "GET", "/api/admin/users?limit=0", null, 400, "limit"),
                rule("a page of 201", "GET", "/api/admin/api-keys?limit=201", null, 400, "limit"),
                rule("a negative offset", "GET", "/api/admin/users?offset=-1", null, 400, "offset"));
    }

    private static Arguments rule(String name, String method, String path, Map<String, Object> body, int status,
                                  String field) {
        return Arguments.of(name, method, path, body, status, field);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ownRules")
    void ownRulesAreNamedAndChangeNothing(String name, String method, String path, Map<String, Object> body,
                                          int status, String field) {
        String id = createUser(uniqueEmail("rules"), "Rules", List.of("sales"));
        List<String> before = snapshot(id);
        var request = asAdmin();
        if (body != null) {
            request.body(body);
        }
        Response response = request.request(method, path.replace("{id}", id));
        assertProblem(response, status);
        if (field != null) {
            response.then().body("errors.field", hasItem(org.hamcrest.Matchers.anyOf(
                    org.hamcrest.Matchers.equalTo(field), org.hamcrest.Matchers.endsWith("." + field),
                    org.hamcrest.Matchers.equalTo("$." + field))));
        }
        assertEquals(before, snapshot(id), name);
    }

    /** The target user as stored, the number of users and keys, and the newest audit event. */
    private static List<String> snapshot(String id) {
        return List.of(asAdmin().get("/api/admin/users/" + id).asString(),
                asAdmin().get("/api/admin/users?limit=1").jsonPath().getString("total"),
                asAdmin().get("/api/admin/api-keys?limit=1").jsonPath().getString("total"),
                asAdmin().get("/api/admin/audit?limit=1").jsonPath().getString("items[0].id"));
    }
}
