package dev.tandem.events;

import java.time.Instant;
import java.util.UUID;

/** The lead {@code mergedLeadId} was merged into {@code leadId}, which remains; the merged id no longer exists. */
public record LeadsMerged(
        UUID eventId,
        Instant occurredAt,
        String leadId,
        int schemaVersion,
        String mergedLeadId,
        String by) implements LeadEvent {

    public LeadsMerged {
        Require.envelope(eventId, occurredAt, leadId, schemaVersion);
        Require.present(mergedLeadId, "mergedLeadId");
    }
}
