package dev.tandem.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A lead's score under one model changed in total or grade. {@code topReasons}: up to three rules that contributed
 * the most points, largest first (empty when the producer did not explain the score, as in events written before the
 * field existed).
 */
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
        String previousGrade,
        List<ScoreReason> topReasons) implements ScoreEvent {

    public ScoreChanged {
        Require.envelope(eventId, occurredAt, leadId, schemaVersion);
        Require.present(modelId, "modelId");
        Require.present(grade, "grade");
        topReasons = topReasons == null ? List.of() : List.copyOf(topReasons);
    }

    /** A score announced without its reasons. */
    public ScoreChanged(UUID eventId, Instant occurredAt, String leadId, int schemaVersion, String modelId,
                        int modelVersion, boolean primary, double total, double behaviour, double fit, String grade,
                        Double previousTotal, String previousGrade) {
        this(eventId, occurredAt, leadId, schemaVersion, modelId, modelVersion, primary, total, behaviour, fit, grade,
                previousTotal, previousGrade, List.of());
    }
}
