package dev.tandem.events;

import java.time.Instant;
import java.util.UUID;

/** Sales accepted the lead (it becomes an SQL). */
public record LeadAccepted(
        UUID eventId,
        Instant occurredAt,
        String leadId,
        int schemaVersion,
        String by) implements FeedbackEvent {

    public LeadAccepted {
        Require.envelope(eventId, occurredAt, leadId, schemaVersion);
        Require.present(by, "by");
    }
}
