package dev.tandem.scoring;

import java.math.BigDecimal;
import java.time.Instant;

/** The stored score of one lead under one model: what the last evaluation found, and with which version. */
public record LeadScore(String modelId, int modelVersion, BigDecimal total, BigDecimal behaviour, BigDecimal fit,
                        String grade, boolean qualified, Instant evaluatedAt) {

    public static LeadScore of(String modelId, int modelVersion, Score score) {
        return new LeadScore(modelId, modelVersion, score.total(), score.behaviour(), score.fit(), score.grade(),
                score.qualified(), score.asOf());
    }

    /** Same numbers, grade, qualification and version: nothing worth storing or announcing changed. */
    public boolean sameOutcome(LeadScore other) {
        return other != null && modelVersion == other.modelVersion && total.compareTo(other.total) == 0
                && behaviour.compareTo(other.behaviour) == 0 && fit.compareTo(other.fit) == 0
                && grade.equals(other.grade) && qualified == other.qualified;
    }
}
