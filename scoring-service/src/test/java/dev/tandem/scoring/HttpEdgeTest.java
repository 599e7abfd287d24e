package dev.tandem.scoring;

import dev.tandem.testing.TestJwt;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static dev.tandem.scoring.Fixtures.as;
import static dev.tandem.scoring.Fixtures.model;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** platform's HTTP edge as scoring-service's clients meet it: the body cap on chunked bodies and the request id. */
@QuarkusTest
class HttpEdgeTest {

    private static int modelCount() {
        return as(TestJwt.ADMIN).get("/models?size=200").then().statusCode(200).extract().path("total");
    }

    @Test
    void aChunkedModelOverTheCapIsRefusedWith413AndStoresNothing() {
        int before = modelCount();
        String huge = model("Chunked", 60).replace("\"Chunked\"", "\"" + "x".repeat(2 * 1024 * 1024) + "\"");
        // An InputStream goes out without Content-Length, in chunks: the cap must count the bytes as they come.
        as(TestJwt.MARKETING).body(new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8))).post("/models")
                .then().statusCode(413).contentType("application/problem+json")
                .body("type", endsWith("/body-too-large")).body("status", equalTo(413));
        assertEquals(before, modelCount());
    }

    @Test
    void aChunkedModelUnderTheCapIsStored() {
        String body = model("分割送信モデル", 60);
        as(TestJwt.MARKETING).body(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))).post("/models")
                .then().statusCode(201).body("name", equalTo("分割送信モデル"));
    }

    @Test
    void answersCarryTheRequestId() {
        as(TestJwt.MARKETING).header("X-Request-Id", "dashboard-7").get("/models").then().statusCode(200)
                .header("X-Request-Id", equalTo("dashboard-7"));
        as(TestJwt.MARKETING).get("/models/nope").then().statusCode(404)
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
    }
}
