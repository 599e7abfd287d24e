package dev.tandem.events;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CloudEvents 1.0 in Kafka binary mode: attributes travel as {@code ce_*} headers, the body is the event's JSON.
 * {@code id} = eventId, {@code type} = {@code dev.tandem.<EventName>}, {@code source} = producing service,
 * {@code subject} = leadId, which is also the record key. An event caused by an HTTP request carries that request's
 * {@code X-Request-Id} as the extension attribute {@code requestid}, so a request can be followed through every service.
 */
public final class CloudEvents {

    public static final String SPEC_VERSION = "1.0";
    public static final String TYPE_PREFIX = "dev.tandem.";
    public static final String CONTENT_TYPE = "application/json";

    public static final String H_SPEC_VERSION = "ce_specversion";
    public static final String H_ID = "ce_id";
    public static final String H_TYPE = "ce_type";
    public static final String H_SOURCE = "ce_source";
    public static final String H_SUBJECT = "ce_subject";
    public static final String H_TIME = "ce_time";
    /** Extension attribute: the id of the HTTP request that caused the event (absent for others). */
    public static final String H_REQUEST_ID = "ce_requestid";
    public static final String H_CONTENT_TYPE = "content-type";

    private CloudEvents() {
    }

    /** The CloudEvents {@code type} of an event, e.g. {@code dev.tandem.LeadCreated}. */
    public static String typeOf(TandemEvent event) {
        return TYPE_PREFIX + event.type();
    }

    /** The {@code ce_*} headers (plus content-type) of an event published by {@code source}. */
    public static Map<String, String> attributes(TandemEvent event, String source) {
        return attributes(event, source, null);
    }

    /** The same, with the id of the request that caused the event ({@code null} for none). */
    public static Map<String, String> attributes(TandemEvent event, String source, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(H_SPEC_VERSION, SPEC_VERSION);
        headers.put(H_ID, event.eventId().toString());
        headers.put(H_TYPE, typeOf(event));
        headers.put(H_SOURCE, source);
        headers.put(H_SUBJECT, event.leadId());
        headers.put(H_TIME, IsoInstants.format(event.occurredAt()));
        headers.put(H_CONTENT_TYPE, CONTENT_TYPE);
        if (requestId != null) {
            headers.put(H_REQUEST_ID, requestId);
        }
        return headers;
    }

    public static Headers kafkaHeaders(TandemEvent event, String source, String requestId) {
        RecordHeaders headers = new RecordHeaders();
        attributes(event, source, requestId).forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    /** The record to send: topic from the event's kind, key = leadId, CloudEvents headers, JSON body. */
    public static ProducerRecord<String, byte[]> toRecord(TandemEvent event, String source) {
        return toRecord(event, source, EventJson.toBytes(event), null);
    }

    /** The record to send for an event caused by the request {@code requestId} ({@code null} for none). */
    public static ProducerRecord<String, byte[]> toRecord(TandemEvent event, String source, String requestId) {
        return toRecord(event, source, EventJson.toBytes(event), requestId);
    }

    /** The record to send with a body already serialised ({@link EventJson}), e.g. the JSON stored in an outbox. */
    public static ProducerRecord<String, byte[]> toRecord(TandemEvent event, String source, byte[] json,
                                                          String requestId) {
        return new ProducerRecord<>(Topics.topicOf(event), null, event.leadId(), json,
                kafkaHeaders(event, source, requestId));
    }

    /** Reads a record's body as the event its topic carries. */
    public static TandemEvent fromRecord(ConsumerRecord<?, byte[]> record) {
        return EventJson.fromBytes(record.value(), Topics.contractOf(record.topic()));
    }

    /** A header's value as text, or null when absent. */
    public static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
