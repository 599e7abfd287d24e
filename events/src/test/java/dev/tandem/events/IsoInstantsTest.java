package dev.tandem.events;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IsoInstantsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-27T04:23:15Z", "2026-11-27T04:23:15.100Z", "2026-11-27T04:23:15.123456Z",
            "2026-11-27T04:23:15.123456789Z", "2026-11-27T04:23:15.000001Z", "2026-11-27T04:23:15.000000001Z",
            "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "2024-02-29T12:00:00Z", "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z", "-0001-12-31T23:59:59Z", "+10000-01-01T00:00:00Z"})
    void writesExactlyWhatInstantWrites(String text) {
        Instant instant = Instant.parse(text);
        assertEquals(instant.toString(), IsoInstants.format(instant));
    }

    @org.junit.jupiter.api.Test
    void writesRandomInstantsExactlyAsInstantDoes() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L),
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1_000;
                        default -> random.nextInt(1_000_000_000);
                    });
            assertEquals(instant.toString(), IsoInstants.format(instant));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-27T04:23:15Z", "2026-11-27T04:23:15.1Z", "2026-11-27T04:23:15.123Z",
            "2026-11-27T04:23:15.123456Z", "2026-11-27T04:23:15.123456789Z", "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.999Z", "2024-02-29T12:00:00Z", "2026-12-31T23:59:59.5Z", "0001-01-01T00:00:00Z"})
    void readsWhatInstantWritesExactlyAsInstantParseDoes(String text) {
        assertEquals(Instant.parse(text), IsoInstants.tryParse(text));
        assertEquals(Instant.parse(text).toString(), IsoInstants.parse(text).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-27T04:23:15+09:00", "2026-11-27 04:23:15Z", "2026-11-27T04:23Z",
            "2026-11-27T04:23:15.Z", "2026-11-27T04:23:15.1234567890Z", "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
            "2026-11-27T24:00:00Z", "2026-11-27T04:60:00Z", "2026-1x-27T04:23:15Z", "yesterday", ""})
    void leavesEveryOtherFormToTheGeneralParser(String text) {
        assertNull(IsoInstants.tryParse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-29T00:00:00Z", "2026-11-27T04:60:00Z", "not a time"})
    void invalidTextFailsAsInstantParseFails(String text) {
        DateTimeParseException expected = assertThrows(DateTimeParseException.class, () -> Instant.parse(text));
        DateTimeParseException actual = assertThrows(DateTimeParseException.class, () -> IsoInstants.parse(text));
        assertEquals(expected.getMessage(), actual.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-27T04:23:15+09:00"})
    void otherValidFormsStillParse(String text) {
        assertEquals(Instant.parse(text), IsoInstants.parse(text));
    }
}
