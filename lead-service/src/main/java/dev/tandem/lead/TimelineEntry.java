package dev.tandem.lead;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;

/** One touch on a lead's timeline, whatever reported it (tracker, nurture, sales, lead-service itself). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimelineEntry(String id, String type, Instant occurredAt, String source, String origin,
                            Map<String, Object> properties) {
}
