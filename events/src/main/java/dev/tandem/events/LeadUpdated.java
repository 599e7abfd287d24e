package dev.tandem.events;

import java.util.List;
import java.time.Instant;
import java.util.UUID;

/** A lead's profile changed; carries the new profile and the names of the fields that changed. */
public record LeadUpdated(
        UUID eventId,
        Instant occurredAt,
        String leadId,
        int schemaVersion,
        LeadProfile lead,
        List<String> changedFields) implements LeadEvent {

    public LeadUpdated {
        Require.envelope(eventId, occurredAt, leadId, schemaVersion);
        Require.present(lead, "lead");
        changedFields = changedFields == null ? List.of() : List.copyOf(changedFields);
    }
}
