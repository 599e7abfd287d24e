package dev.tandem.events;

import java.time.Instant;
import java.util.UUID;

/** The lead fell back below the primary model's MQL thresholds (decay or negative points). */
public record LeadUnqualified(
        UUID eventId,
        Instant occurredAt,
        String leadId,
        int schemaVersion,
        String modelId,
        int modelVersion,
        double total,
        double fit) implements ScoreEvent {

    public LeadUnqualified {
        Require.envelope(eventId, occurredAt, leadId, schemaVersion);
        Require.present(modelId, "modelId");
    }
}
