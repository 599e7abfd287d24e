package dev.tandem.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The bad input every service's edge must refuse (platform's strict JSON, body bytes, Content-Type and request target
 * rules), as a table of cases a service's parameterized test sends to its own endpoints: each must answer a 4xx
 * problem+json naming the field or parameter, and the test checks that nothing changed. Requests go through the JDK's
 * HTTP client, which sends bytes exactly as given (invalid UTF-8, no Content-Type).
 */
public final class StrictInput {

    public static final String PROBLEM = "application/problem+json";
    /** Placeholders in a body template: a string field's value (with its quotes) and a number field's value. */
    public static final String TEXT = "\"$text\"";
    public static final String NUMBER = "$number";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            // HTTP/1.1 as the services' clients speak it: an h2c upgrade would move the URI into HPACK headers.
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    private StrictInput() {
    }

    /** A request as sent: {@code contentType} null sends none; {@code path} may hold {@code {id}}, filled in by the test. */
    public record Request(String method, String path, String contentType, byte[] body, Map<String, String> headers) {
        public Request withPath(String newPath) {
            return new Request(method, newPath, contentType, body, headers);
        }
    }

    /** One refusal: what is sent, the status expected, and the field named in {@code errors[]} or a detail fragment. */
    public record Case(String name, Request request, int status, String field, String detail) {
        @Override
        public String toString() {
            return name;
        }
    }

    public record Answer(int status, String contentType, JsonNode body) {
    }

    /**
     * Cases for a JSON body endpoint. {@code template} is a valid body holding {@link #TEXT} (a string field,
     * {@code textField}) and, unless {@code numberField} is null, {@link #NUMBER} (a number field, a dot path);
     * {@code wholeNumber} says whether the number field takes integers only.
     */
    public static List<Case> jsonBody(String method, String path, String template, String textField,
                                      String numberField, boolean wholeNumber) {
        String valid = valid(template);
        List<Case> cases = new ArrayList<>();
        cases.add(json(method, path, "text after the document", valid + " xyz", 400, null, null));
        cases.add(json(method, path, "two documents back to back", valid + valid, 400, null, "more than one JSON value"));
        cases.add(new Case("no Content-Type", new Request(method, path, null, utf8(valid), Map.of()), 415, null,
                "application/json"));
        cases.add(new Case("text/plain Content-Type", new Request(method, path, "text/plain", utf8(valid), Map.of()),
                415, null, "application/json"));
        cases.add(json(method, path, "number as a string", text(template, "123"), 400, textField, null));
        cases.add(json(method, path, "boolean as a string", text(template, "true"), 400, textField, null));
        if (numberField != null) {
            cases.add(json(method, path, "string as a number", number(template, "\"7\""), 400, numberField, null));
            if (wholeNumber) {
                cases.add(json(method, path, "float as a whole number", number(template, "1.5"), 400, numberField,
                        null));
            }
            cases.add(json(method, path, "number beyond a double (1e400)", number(template, "1e400"), 400,
                    numberField, null));
            cases.add(json(method, path, "NaN literal", number(template, "NaN"), 400, null, null));
        }
        cases.add(json(method, path, "escaped NUL in a string", text(template, "\"a\\u0000b\""), 400, textField, "NUL"));
        cases.add(json(method, path, "lone high surrogate", text(template, "\"\\ud800\""), 400, textField,
                "surrogate"));
        cases.add(json(method, path, "lone low surrogate", text(template, "\"x\\udc00\""), 400, textField,
                "surrogate"));
        cases.add(bytes(method, path, "overlong UTF-8 (C0 AF for /)", template, textField, new byte[]{(byte) 0xC0, (byte) 0xAF},
                "overlong"));
        cases.add(bytes(method, path, "overlong UTF-8 (E0 80 AF)", template, textField,
                new byte[]{(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, "overlong"));
        cases.add(bytes(method, path, "CESU-8 surrogate (ED A0 80)", template, textField,
                new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "surrogate"));
        cases.add(bytes(method, path, "truncated UTF-8 sequence (E3 81)", template, textField,
                new byte[]{(byte) 0xE3, (byte) 0x81}, "cut short"));
        cases.add(bytes(method, path, "byte that never occurs in UTF-8 (FF)", template, textField,
                new byte[]{(byte) 0xFF}, "UTF-8"));
        cases.add(json(method, path, "duplicate key", nestedDuplicate(valid, textField), 400, textField, "Duplicate"));
        cases.add(json(method, path, "a body nested 100 deep", "[".repeat(100) + "]".repeat(100), 400, null, null));
        cases.add(json(method, path, "empty body", "", 400, null, null));
        cases.add(json(method, path, "null body", "null", 400, null, null));
        cases.add(json(method, path, "array instead of an object", "[" + valid + "]", 400, null, null));
        return cases;
    }

    /** Cases for a query parameter of a GET endpoint. */
    public static List<Case> queryParameter(String path, String parameter) {
        String separator = path.contains("?") ? "&" : "?";
        List<Case> cases = new ArrayList<>();
        for (String[] value : new String[][]{{"%00", "NUL"}, {"a%07b", "control"}, {"%1B[31m", "control"},
                {"%C0%AF", "UTF-8"}, {"%ED%A0%80", "UTF-8"}, {"%E3%81", "UTF-8"}}) {
            cases.add(new Case("query " + parameter + "=" + value[0],
                    new Request("GET", path + separator + parameter + "=" + value[0], null, null, Map.of()), 400,
                    parameter, value[1]));
        }
        return cases;
    }

    /**
     * A JSON body nested {@code depth} deep inside {@code template}'s text field (a free-form field, so Jackson
     * descends into it), for an endpoint that takes such a field.
     */
    public static Case deepNesting(String method, String path, String template, int depth) {
        return json(method, path, "a value nested " + depth + " deep", text(template, "[".repeat(depth) + "]".repeat(depth)),
                400, null, "nesting");
    }

    /** Cases for the request target itself: path with a NUL, a URI and headers past the limits. */
    public static List<Case> requestTarget(String path) {
        return List.of(
                new Case("NUL in the path", new Request("GET", path + "/a%00b", null, null, Map.of()), 400, "path", "NUL"),
                new Case("overlong UTF-8 in the path", new Request("GET", path + "/%C0%AF", null, null, Map.of()), 400,
                        "path", "UTF-8"),
                new Case("URI of 10,000 characters", new Request("GET", path + "?q=" + "a".repeat(10_000), null, null,
                        Map.of()), 414, null, "URI"),
                new Case("headers of 30 KB", new Request("GET", path, null, null, Map.of("X-Padding", "a".repeat(30_000))),
                        431, null, "headers"));
    }

    public static Answer send(URI base, String token, Request request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(request.path()))
                .timeout(Duration.ofSeconds(30))
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        request.headers().forEach(builder::header);
        try {
            HttpResponse<byte[]> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            String type = response.headers().firstValue("Content-Type").orElse(null);
            JsonNode body = response.body().length == 0 ? null : JSON.readTree(response.body());
            return new Answer(response.statusCode(), type, body);
        } catch (IOException e) {
            throw new AssertionError("the request could not be sent or its answer read: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * The answer is the expected problem: status, problem+json, {@code status} member, and the field named in
     * {@code errors[].field} (as {@code field} or {@code $.field}) and/or the detail fragment in its detail or errors.
     */
    public static void assertRefused(Case expected, Answer answer) {
        assertEquals(expected.status(), answer.status(), () -> expected.name() + ": " + answer.body());
        assertNotNull(answer.contentType(), expected.name() + ": no Content-Type");
        assertTrue(answer.contentType().startsWith(PROBLEM), () -> expected.name() + ": " + answer.contentType());
        assertNotNull(answer.body(), expected.name() + ": empty body");
        assertEquals(expected.status(), answer.body().path("status").asInt(), expected.name());
        assertTrue(answer.body().path("type").asText().startsWith("https://tandem.dev/problems/"), expected.name());
        assertTrue(answer.body().hasNonNull("detail"), expected.name() + ": no detail");
        if (expected.field() != null) {
            List<String> fields = new ArrayList<>();
            answer.body().path("errors").forEach(e -> fields.add(e.path("field").asText()));
            if (!fields.contains(expected.field()) && !fields.contains("$." + expected.field())) {
                fail(expected.name() + ": errors name " + fields + ", not " + expected.field() + ": " + answer.body());
            }
        }
        if (expected.detail() != null) {
            String text = answer.body().path("detail").asText() + " " + answer.body().path("errors");
            assertTrue(text.toLowerCase().contains(expected.detail().toLowerCase()),
                    () -> expected.name() + ": '" + expected.detail() + "' not in " + answer.body());
        }
    }

    /** The template with valid values in its placeholders. */
    public static String valid(String template) {
        return text(template, "\"Ada\"").replace(NUMBER, "7");
    }

    private static String text(String template, String json) {
        return template.replace(TEXT, json).replace(NUMBER, "7");
    }

    private static String number(String template, String json) {
        return template.replace(TEXT, "\"Ada\"").replace(NUMBER, json);
    }

    private static Case json(String method, String path, String name, String body, int status, String field,
                             String detail) {
        return new Case(name, new Request(method, path, "application/json", utf8(body), Map.of()), status, field, detail);
    }

    private static Case bytes(String method, String path, String name, String template, String field, byte[] inside,
                              String detail) {
        String[] parts = text(template, "\"a\u0001b\"").split("\u0001", 2);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(utf8(parts[0]));
        body.writeBytes(inside);
        body.writeBytes(utf8(parts[1]));
        return new Case(name, new Request(method, path, "application/json", body.toByteArray(), Map.of()), 400, field,
                detail);
    }

    /** The valid body with the text field's key written twice in its object. */
    private static String nestedDuplicate(String valid, String field) {
        String key = "\"" + lastSegment(field) + "\":";
        int at = valid.indexOf(key);
        return valid.substring(0, at) + key + "\"dup\"," + valid.substring(at);
    }

    private static String lastSegment(String field) {
        return field.substring(field.lastIndexOf('.') + 1);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
