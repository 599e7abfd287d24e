package dev.tandem.events;

import java.time.Instant;
import java.util.UUID;

/** A lead was created (API, import or form); carries the whole profile. */
public record LeadCreated(
        UUID eventId,
        Instant occurredAt,
        String leadId,
        int schemaVersion,
        LeadProfile lead) implements LeadEvent {

    public LeadCreated {
        Require.envelope(eventId, occurredAt, leadId, schemaVersion);
        Require.present(lead, "lead");
    }
}
