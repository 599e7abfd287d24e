package dev.tandem.events;

import java.time.Instant;
import java.util.UUID;

/** The lead crossed the primary model's MQL thresholds upward. */
public record LeadQualified(
        UUID eventId,
        Instant occurredAt,
        String leadId,
        int schemaVersion,
        String modelId,
        int modelVersion,
        double total,
        double fit) implements ScoreEvent {

    public LeadQualified {
        Require.envelope(eventId, occurredAt, leadId, schemaVersion);
        Require.present(modelId, "modelId");
    }
}
