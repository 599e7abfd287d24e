package dev.tandem.scoring;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A lead's score under one model version at one instant, with the ledger that explains it. Amounts are points
 * with two decimals; the behaviour ledger's applied points add up to {@code behaviour}, the fit ledger's to {@code fit}
 * (both ledgers are empty when only the outcome was asked for, see {@link ScoreCalculator#outcome}).
 */
public record Score(BigDecimal total, BigDecimal behaviour, BigDecimal fit, String grade, boolean qualified,
                    Instant asOf, List<BehaviourLine> behaviourLedger, List<FitLine> fitLedger) {

    public Score {
        behaviourLedger = List.copyOf(behaviourLedger);
        fitLedger = List.copyOf(fitLedger);
    }

    /**
     * One rule matched by one activity: {@code points} as the rule says, {@code decayedPoints} after half-life decay,
     * {@code appliedPoints} what counts after the rule's limit ({@code limited}) and the behaviour cap ({@code capped}).
     */
    public record BehaviourLine(String eventId, String activityType, Instant occurredAt, String ruleId,
                                String ruleName, int points, BigDecimal decayedPoints, BigDecimal appliedPoints,
                                boolean limited, boolean capped) {
    }

    /** One matched fit rule; {@code capped} when the fit cap took some or all of it. */
    public record FitLine(String ruleId, String ruleName, String field, int points, BigDecimal appliedPoints,
                          boolean capped) {
    }
}
