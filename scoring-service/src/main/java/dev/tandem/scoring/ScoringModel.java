package dev.tandem.scoring;

import java.math.BigDecimal;
import java.util.List;

/**
 * One version of a scoring model, validated: what {@link ScoreCalculator} evaluates. Points and thresholds are
 * in points; the calculator works in hundredths so every ledger line and sum is exact.
 */
public record ScoringModel(String name, List<BehaviourRule> behaviourRules, List<FitRule> fitRules, Decay decay,
                           Caps caps, Thresholds thresholds, GradeBands gradeBands) {

    public ScoringModel {
        behaviourRules = List.copyOf(behaviourRules);
        fitRules = List.copyOf(fitRules);
    }

    /** {@code halfLifeDays} 0 means behaviour points never decay. */
    public record Decay(BigDecimal halfLifeDays) {
        public static final Decay NONE = new Decay(BigDecimal.ZERO);
    }

    /** Upper bounds of the behaviour and fit parts; null means no cap. */
    public record Caps(Integer behaviour, Integer fit) {
        public static final Caps NONE = new Caps(null, null);
    }

    public record Thresholds(Mql mql) {
    }

    /** A lead is an MQL when its total and its fit both reach these. */
    public record Mql(BigDecimal minTotal, BigDecimal minFit) {
    }

    /** Lower bounds of fit grades A to D, descending; a fit below D's bound is grade E. */
    public record GradeBands(BigDecimal a, BigDecimal b, BigDecimal c, BigDecimal d) {

        public String gradeOf(BigDecimal fit) {
            if (fit.compareTo(a) >= 0) {
                return "A";
            }
            if (fit.compareTo(b) >= 0) {
                return "B";
            }
            if (fit.compareTo(c) >= 0) {
                return "C";
            }
            return fit.compareTo(d) >= 0 ? "D" : "E";
        }
    }
}
