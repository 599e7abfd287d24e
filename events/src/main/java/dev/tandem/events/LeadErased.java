package dev.tandem.events;

import java.time.Instant;
import java.util.UUID;

/** A lead's personal data was erased (GDPR): every consumer deletes what it holds on the lead. */
public record LeadErased(
        UUID eventId,
        Instant occurredAt,
        String leadId,
        int schemaVersion,
        String by) implements LeadEvent {

    public LeadErased {
        Require.envelope(eventId, occurredAt, leadId, schemaVersion);
    }
}
