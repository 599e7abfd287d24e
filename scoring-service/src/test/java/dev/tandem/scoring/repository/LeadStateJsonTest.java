package dev.tandem.scoring.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.scoring.Activity;
import dev.tandem.scoring.FitProfile;
import dev.tandem.scoring.LeadScore;
import dev.tandem.scoring.LeadState;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LeadStateJsonTest {

    private static final Activity VIEW = new Activity("e1", "page_view", Instant.parse("2026-11-27T01:02:03.456789Z"),
            Map.of("url", "/料金", "utm", Map.of("campaign", "春")));
    private static final Activity FORM = new Activity("e2", "form_submit", Instant.parse("2026-11-27T02:00:00Z"),
            Map.of("formId", "demo"));
    private static final Activity CALL = new Activity("e3", "call", Instant.parse("2026-11-26T23:59:59Z"), Map.of());

    private static LeadState state(List<Activity> activities) {
        FitProfile profile = new FitProfile("部長", 250, "製造", "JP", "example.co.jp", "web", Map.of("plan", "pro"));
        LeadScore score = new LeadScore("m1", 3, new BigDecimal("12.3456"), new BigDecimal("2.3456"),
                new BigDecimal("10"), "C", false, Instant.parse("2026-11-27T03:00:00Z"));
        return new LeadState("L1", 4, false, "rep-1", Instant.parse("2026-11-20T00:00:00Z"), profile,
                Instant.parse("2026-11-21T00:00:00Z"), activities, Map.of("m1", score));
    }

    @Test
    void stateAndHistoryReadBackExactly() {
        LeadState state = state(List.of(VIEW, FORM));

        LeadState read = LeadStateJson.read("L1", 4, LeadStateJson.writeState(state),
                LeadStateJson.writeHistory(state.activities()), List.of());

        assertEquals(state, read);
    }

    @Test
    void appendingToTheStoredHistoryEqualsWritingItWhole() {
        byte[] empty = LeadStateJson.writeHistory(List.of());
        byte[] one = LeadStateJson.appendHistory(empty, List.of(VIEW));
        byte[] three = LeadStateJson.appendHistory(one, List.of(FORM, CALL));

        assertArrayEquals(LeadStateJson.writeHistory(List.of(VIEW)), one);
        assertArrayEquals(LeadStateJson.writeHistory(List.of(VIEW, FORM, CALL)), three);
        assertEquals(List.of(VIEW, FORM, CALL), LeadStateJson.read("L1", 1, LeadStateJson.writeState(state(List.of())),
                three, List.of()).activities());
        assertArrayEquals(three, LeadStateJson.appendHistory(three, List.of()));
    }

    @Test
    void propertiesOfEveryJsonTypeAreWrittenAsDatabindWritesThem() throws Exception {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("text", "株式会社テスト \"quoted\"");
        properties.put("int", 42);
        properties.put("long", 12_345_678_901L);
        properties.put("double", 0.1);
        properties.put("decimal", new BigDecimal("1.50"));
        properties.put("big", new BigInteger("123456789012345678901234567890"));
        properties.put("flag", true);
        properties.put("nothing", null);
        properties.put("list", Arrays.asList(1, "two", null, List.of(false), Map.of("k", 2.5)));
        properties.put("nested", Map.of("deeper", Map.of("url", "/料金")));
        Activity activity = new Activity("e9", "custom", Instant.parse("2026-11-27T01:02:03Z"), properties);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", "e9");
        entry.put("t", "custom");
        entry.put("at", "2026-11-27T01:02:03Z");
        entry.put("p", properties);

        byte[] written = LeadStateJson.writeHistory(List.of(activity));

        assertEquals(new String(new ObjectMapper().writeValueAsBytes(List.of(entry)), StandardCharsets.UTF_8),
                new String(written, StandardCharsets.UTF_8));
    }

    @Test
    void readsThePreviousFormatWithTheActivitiesInsideTheState() {
        String previous = """
                {"owner":null,"ownerAt":null,"profile":{"jobTitle":null,"companySize":null,"industry":null,"country":null,
                "emailDomain":null,"source":null,"attributes":{}},"profileAt":null,"scores":{},
                "activities":[{"id":"e3","t":"call","at":"2026-11-26T23:59:59Z","p":{}}]}""";

        LeadState read = LeadStateJson.read("L1", 1, previous.getBytes(StandardCharsets.UTF_8), null, List.of());

        assertEquals(List.of(CALL), read.activities());
    }
}
