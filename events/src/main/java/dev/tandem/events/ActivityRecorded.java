package dev.tandem.events;

import java.util.Map;
import java.time.Instant;
import java.util.UUID;

/** One touch of a lead: web, form, email, meeting, call, visit... {@code occurredAt} is when it happened, not when it was recorded. */
public record ActivityRecorded(
        UUID eventId,
        Instant occurredAt,
        String leadId,
        int schemaVersion,
        String activityType,
        String anonymousId,
        String source,
        Map<String, Object> properties) implements ActivityEvent {

    public ActivityRecorded {
        Require.envelope(eventId, occurredAt, leadId, schemaVersion);
        Require.present(activityType, "activityType");
        properties = properties == null ? Map.of() : properties;
    }
}
