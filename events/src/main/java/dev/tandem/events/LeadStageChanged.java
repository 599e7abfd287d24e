package dev.tandem.events;

import java.time.Instant;
import java.util.UUID;

/** A lead moved between lifecycle stages. {@code cause} is {@code manual} or the name of the event that moved it. */
public record LeadStageChanged(
        UUID eventId,
        Instant occurredAt,
        String leadId,
        int schemaVersion,
        LifecycleStage from,
        LifecycleStage to,
        String cause,
        UUID causeEventId,
        String reason,
        String by) implements LeadEvent {

    public LeadStageChanged {
        Require.envelope(eventId, occurredAt, leadId, schemaVersion);
        Require.present(to, "to");
        Require.present(cause, "cause");
    }
}
