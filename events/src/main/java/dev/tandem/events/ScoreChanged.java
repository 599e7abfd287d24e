package dev.tandem.events;

import java.time.Instant;
import java.util.UUID;

/** A lead's score under one model changed in total or grade. */
public record ScoreChanged(
        UUID eventId,
        Instant occurredAt,
        String leadId,
        int schemaVersion,
        String modelId,
        int modelVersion,
        boolean primary,
        double total,
        double behaviour,
        double fit,
        String grade,
        Double previousTotal,
        String previousGrade) implements ScoreEvent {

    public ScoreChanged {
        Require.envelope(eventId, occurredAt, leadId, schemaVersion);
        Require.present(modelId, "modelId");
        Require.present(grade, "grade");
    }
}
