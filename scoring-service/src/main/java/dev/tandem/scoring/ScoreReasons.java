package dev.tandem.scoring;

import dev.tandem.events.ScoreReason;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The few rules that explain a score best, for a rep's queue: the explanation's ledger summed per rule (a behaviour
 * rule matched by many activities counts once, with all its applied points), rules that added points only, largest
 * first. Labels are the rules' names (their ids when unnamed).
 */
public final class ScoreReasons {

    /** What ScoreChanged carries. */
    public static final int TOP = 3;

    private ScoreReasons() {
    }

    public static List<ScoreReason> top(Score explained, int limit) {
        Map<String, BigDecimal> points = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (Score.BehaviourLine line : explained.behaviourLedger()) {
            add(points, labels, "b:" + line.ruleId(), label(line.ruleName(), line.ruleId()), line.appliedPoints());
        }
        for (Score.FitLine line : explained.fitLedger()) {
            add(points, labels, "f:" + line.ruleId(), label(line.ruleName(), line.ruleId()), line.appliedPoints());
        }
        return points.entrySet().stream().filter(e -> e.getValue().signum() > 0)
                .sorted(Map.Entry.<String, BigDecimal>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(e -> labels.get(e.getKey())))
                .limit(limit)
                .map(e -> new ScoreReason(labels.get(e.getKey()), e.getValue().doubleValue()))
                .toList();
    }

    private static void add(Map<String, BigDecimal> points, Map<String, String> labels, String key, String label,
                            BigDecimal applied) {
        points.merge(key, applied == null ? BigDecimal.ZERO : applied, BigDecimal::add);
        labels.putIfAbsent(key, label);
    }

    private static String label(String name, String id) {
        return name == null || name.isBlank() ? id : name;
    }
}
