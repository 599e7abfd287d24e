package dev.tandem.platform.idempotency;

import dev.tandem.platform.http.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IdempotencyKeyTest {

    @Test
    void acceptsABareValueAndAnSfString() {
        assertEquals("8e03978e-40d5-43e8-bc93-6894a57f9324",
                IdempotencyKey.parse("c", List.of("8e03978e-40d5-43e8-bc93-6894a57f9324")).value());
        assertEquals("a \"quoted\" \\ key", IdempotencyKey.parse("c", List.of("\"a \\\"quoted\\\" \\\\ key\"")).value());
        assertEquals("x".repeat(255), IdempotencyKey.parse("c", List.of("x".repeat(255))).value());
    }

    @Test
    void refusesMalformedKeysWith400() {
        for (List<String> bad : List.of(List.of(""), List.of("  "), List.of("\"\""), List.of("x".repeat(256)),
                List.of("キー"), List.of("tab\there"), List.of("a", "b"), List.of("\"bad\\escape\""),
                List.of("\"un\"quoted\""))) {
            ProblemException e = assertThrows(ProblemException.class, () -> IdempotencyKey.parse("c", bad), bad.toString());
            assertEquals(400, e.problem().status(), bad.toString());
            assertEquals("invalid-idempotency-key", e.problem().slug());
        }
    }

    @Test
    void derivedIdsAreStableVersion5AndDifferPerCallerKeyAndPart() {
        IdempotencyKey key = new IdempotencyKey("tracker-1", "k-1");
        UUID id = key.derive("activity", "0");
        assertEquals(id, new IdempotencyKey("tracker-1", "k-1").derive("activity", "0"));
        assertEquals(5, id.version());
        assertEquals(2, id.variant());
        assertNotEquals(id, key.derive("activity", "1"));
        assertNotEquals(id, new IdempotencyKey("tracker-2", "k-1").derive("activity", "0"));
        assertNotEquals(id, new IdempotencyKey("tracker-1", "k-2").derive("activity", "0"));
        // Length prefixes: moving characters between caller and key gives another id.
        assertNotEquals(new IdempotencyKey("ab", "c").derive(), new IdempotencyKey("a", "bc").derive());
        assertNotEquals(new IdempotencyKey("ab", "c").storeId(), new IdempotencyKey("a", "bc").storeId());
    }
}
