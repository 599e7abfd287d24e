package dev.tandem.events;

import java.time.Instant;
import java.util.UUID;

/** A sales rep now owns the lead. */
public record LeadOwnerAssigned(
        UUID eventId,
        Instant occurredAt,
        String leadId,
        int schemaVersion,
        String ownerId,
        String previousOwnerId,
        String by) implements LeadEvent {

    public LeadOwnerAssigned {
        Require.envelope(eventId, occurredAt, leadId, schemaVersion);
        Require.present(ownerId, "ownerId");
    }
}
