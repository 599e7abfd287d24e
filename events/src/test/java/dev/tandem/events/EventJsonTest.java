package dev.tandem.events;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventJsonTest {

    @Test
    void samplesCoverEveryEventRecord() {
        Set<Class<?>> sampled = SampleEvents.all().stream().map(Object::getClass).collect(Collectors.toSet());
        assertEquals(Set.copyOf(EventRecords.all()), sampled);
    }

    @Test
    void everyEventRoundTripsThroughJsonAndItsTopicContract() {
        for (TandemEvent event : SampleEvents.all()) {
            String json = EventJson.toJson(event);
            assertTrue(json.contains("\"type\":\"" + event.type() + "\""), json);
            assertEquals(event, EventJson.fromJson(json, event.getClass()), json);
            Class<? extends TandemEvent> contract = Topics.contractOf(Topics.topicOf(event));
            TandemEvent read = EventJson.fromJson(json, contract);
            assertInstanceOf(event.getClass(), read);
            assertEquals(event, read);
        }
    }

    @Test
    void japaneseTextRoundTripsExactly() {
        LeadCreated created = (LeadCreated) SampleEvents.all().get(0);
        byte[] bytes = EventJson.toBytes(created);
        assertTrue(new String(bytes, java.nio.charset.StandardCharsets.UTF_8).contains("株式会社サンプル"));
        LeadCreated read = EventJson.fromBytes(bytes, LeadCreated.class);
        assertEquals("山田", read.lead().lastName());
        assertEquals("関東", read.lead().attributes().get("region"));
    }

    @Test
    void unknownFieldsAreIgnored() {
        String json = """
                {"type":"LeadErased","eventId":"0b7e3c9a-6a8f-4d0e-9a57-0c0f8f5d8d11","occurredAt":"2026-11-26T00:00:00Z",
                 "leadId":"L1","schemaVersion":1,"by":"admin-1","addedByNewerProducer":{"x":[1,2]}}
                """;
        LeadErased read = (LeadErased) EventJson.fromJson(json, LeadEvent.class);
        assertEquals("L1", read.leadId());
        assertEquals("admin-1", read.by());
    }

    @Test
    void aScoreChangedWithoutTopReasonsReadsAsNoReasons() {
        String old = """
                {"type":"ScoreChanged","eventId":"0b7e3c9a-6a8f-4d0e-9a57-0c0f8f5d8d11","occurredAt":"2026-11-26T00:00:00Z",
                 "leadId":"L1","schemaVersion":1,"modelId":"m","modelVersion":1,"primary":true,"total":72.5,
                 "behaviour":52.5,"fit":20,"grade":"B","previousTotal":null,"previousGrade":null}
                """;
        ScoreChanged read = (ScoreChanged) EventJson.fromJson(old, ScoreEvent.class);
        assertEquals(java.util.List.of(), read.topReasons());
        assertEquals(72.5, read.total());
        ScoreChanged withReasons = (ScoreChanged) EventJson.fromJson(old.replace("\"previousGrade\":null",
                "\"previousGrade\":null,\"topReasons\":[{\"label\":\"料金ページ閲覧\",\"points\":30.5}]"), ScoreEvent.class);
        assertEquals(java.util.List.of(new ScoreReason("料金ページ閲覧", 30.5)), withReasons.topReasons());
        assertEquals(java.util.List.of(), new ScoreChanged(read.eventId(), read.occurredAt(), "L1", 1, "m", 1, true,
                1, 1, 0, "D", null, null, null).topReasons());
    }

    @Test
    void aLeadRejectedCarriesTheRepsCodeBesideTheCoarseReasonAndOlderOnesReadWithout() {
        String old = """
                {"type":"LeadRejected","eventId":"0b7e3c9a-6a8f-4d0e-9a57-0c0f8f5d8d11","occurredAt":"2026-11-26T00:00:00Z",
                 "leadId":"L1","schemaVersion":1,"reasonCode":"bad_timing","note":"[too_early] 時期尚早","by":"rep-1"}
                """;
        LeadRejected read = (LeadRejected) EventJson.fromJson(old, FeedbackEvent.class);
        assertEquals(null, read.salesReasonCode());
        assertEquals("bad_timing", read.specificReasonCode());
        LeadRejected withCode = (LeadRejected) EventJson.fromJson(old.replace("\"note\"",
                "\"salesReasonCode\":\"too_early\",\"note\""), FeedbackEvent.class);
        assertEquals(RejectReason.BAD_TIMING, withCode.reasonCode());
        assertEquals("too_early", withCode.salesReasonCode());
        assertEquals("too_early", withCode.specificReasonCode());
        assertTrue(EventJson.toJson(withCode).contains("\"salesReasonCode\":\"too_early\""));
        EventFormatException e = assertThrows(EventFormatException.class, () -> EventJson.fromJson(old.replace("\"note\"",
                "\"salesReasonCode\":\"Too Early\",\"note\""), FeedbackEvent.class));
        assertTrue(e.getMessage().contains("salesReasonCode"), e.getMessage());
    }

    @Test
    void missingRequiredFieldIsRejectedNamingIt() {
        Map<String, String> missing = Map.of(
                "eventId", "{\"type\":\"LeadErased\",\"occurredAt\":\"2026-11-26T00:00:00Z\",\"leadId\":\"L1\",\"schemaVersion\":1}",
                "leadId", "{\"type\":\"LeadErased\",\"eventId\":\"0b7e3c9a-6a8f-4d0e-9a57-0c0f8f5d8d11\",\"occurredAt\":\"2026-11-26T00:00:00Z\",\"schemaVersion\":1}",
                "reasonCode", "{\"type\":\"LeadRejected\",\"eventId\":\"0b7e3c9a-6a8f-4d0e-9a57-0c0f8f5d8d11\",\"occurredAt\":\"2026-11-26T00:00:00Z\",\"leadId\":\"L1\",\"schemaVersion\":1,\"by\":\"rep-1\"}");
        missing.forEach((field, json) -> {
            EventFormatException e = assertThrows(EventFormatException.class,
                    () -> EventJson.fromJson(json, TandemEvent.class));
            assertTrue(e.getMessage().contains("'" + field + "'"), e.getMessage());
        });
    }

    @Test
    void eventOfAnotherTopicIsRejected() {
        String json = EventJson.toJson(SampleEvents.all().get(0));
        EventFormatException e = assertThrows(EventFormatException.class,
                () -> EventJson.fromJson(json, ScoreEvent.class));
        assertTrue(e.getMessage().contains("ScoreEvent"), e.getMessage());
    }

    @Test
    void unknownEnumCodeIsRejected() {
        String json = EventJson.toJson(SampleEvents.all().get(16)).replace("no_budget", "bored");
        EventFormatException e = assertThrows(EventFormatException.class,
                () -> EventJson.fromJson(json, FeedbackEvent.class));
        assertTrue(e.getMessage().contains("bored"), e.getMessage());
    }

    @Test
    void malformedJsonIsRejected() {
        assertThrows(EventFormatException.class, () -> EventJson.fromJson("{\"type\":", TandemEvent.class));
    }
}
