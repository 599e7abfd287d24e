package dev.tandem.events;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CloudEventsTest {

    @Test
    void attributesFollowCloudEventsBinaryMode() {
        for (TandemEvent event : SampleEvents.all()) {
            Map<String, String> attributes = CloudEvents.attributes(event, "lead-service");
            assertEquals("1.0", attributes.get("ce_specversion"));
            assertEquals(event.eventId().toString(), attributes.get("ce_id"));
            assertEquals("dev.tandem." + event.getClass().getSimpleName(), attributes.get("ce_type"));
            assertEquals("lead-service", attributes.get("ce_source"));
            assertEquals(event.leadId(), attributes.get("ce_subject"));
            assertEquals("2026-11-26T09:15:30.123Z", attributes.get("ce_time"));
            assertEquals("application/json", attributes.get("content-type"));
        }
    }

    @Test
    void recordIsKeyedByLeadOnTheEventsTopicAndReadsBack() {
        TandemEvent event = SampleEvents.all().get(6);
        ProducerRecord<String, byte[]> record = CloudEvents.toRecord(event, "lead-service");
        assertEquals("activity.events", record.topic());
        assertEquals(event.leadId(), record.key());
        assertEquals("dev.tandem.ActivityRecorded", CloudEvents.header(record.headers(), "ce_type"));

        ConsumerRecord<String, byte[]> consumed = new ConsumerRecord<>(record.topic(), 0, 0L, record.key(), record.value());
        assertEquals(event, CloudEvents.fromRecord(consumed));
    }

    @Test
    void theRequestThatCausedAnEventTravelsAsTheRequestidExtension() {
        TandemEvent event = SampleEvents.all().get(0);
        assertEquals("req-7", CloudEvents.header(CloudEvents.toRecord(event, "lead-service", "req-7").headers(),
                CloudEvents.H_REQUEST_ID));
        assertNull(CloudEvents.header(CloudEvents.toRecord(event, "lead-service").headers(), CloudEvents.H_REQUEST_ID));
    }

    @Test
    void everyEventHasExactlyOneTopic() {
        assertEquals("lead.events", Topics.topicOf(SampleEvents.all().get(0)));
        assertEquals("score.events", Topics.topicOf(SampleEvents.all().get(7)));
        assertEquals("nurture.events", Topics.topicOf(SampleEvents.all().get(10)));
        assertEquals("feedback.events", Topics.topicOf(SampleEvents.all().get(15)));
        assertEquals(10, Topics.allTopics().size());
        assertEquals("lead.events.dlq", Topics.deadLetterOf("lead.events"));
        assertThrows(IllegalArgumentException.class, () -> Topics.contractOf("lead.events.dlq"));
    }
}
