package dev.tandem.scoring;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

/**
 * Scores a lead from its whole activity history and profile: a pure function of (model, history, profile, instant),
 * so a rescore, a late event or a re-evaluation gives the same answer as scoring in real time would have.
 *
 * <p>Behaviour: activities in chronological order; each matching rule gives its points unless its limit is reached
 * (counted in a rolling window, or over the lifetime); points decay by half-life from the activity's
 * {@code occurredAt}; the running sum never goes above the behaviour cap (what would pass it is dropped and flagged).
 * Fit: matching rules in model order, capped the same way. All sums are in hundredths of a point, so the ledger
 * adds up exactly. A profile not known yet (null) matches no fit rule, and a model with fit rules does not qualify
 * the lead until it is known: otherwise a lead whose activities arrive before its profile would be handed to sales
 * on a fit nobody has looked at (a free-mail address, say), and taken back a moment later.
 */
public final class ScoreCalculator {

    private static final double MILLIS_PER_DAY = Duration.ofDays(1).toMillis();

    private ScoreCalculator() {
    }

    /** The score with its ledger: what the explanation shows. */
    public static Score score(ScoringModel model, Collection<Activity> history, FitProfile profile, Instant asOf) {
        return evaluate(model, history, profile, asOf, true);
    }

    /**
     * The same total, behaviour, fit, grade and qualification as {@link #score}, with empty ledgers: what storing and
     * simulating a score need. The ledger lines were a third of the bytes scoring a lead allocated.
     */
    public static Score outcome(ScoringModel model, Collection<Activity> history, FitProfile profile, Instant asOf) {
        return evaluate(model, history, profile, asOf, false);
    }

    private static Score evaluate(ScoringModel model, Collection<Activity> history, FitProfile profile, Instant asOf,
                                  boolean explain) {
        List<Activity> ordered = new ArrayList<>(history);
        ordered.sort(Activity.CHRONOLOGICAL);

        List<Score.BehaviourLine> behaviourLines = explain ? new ArrayList<>() : null;
        long behaviour = behaviour(model, ordered, asOf, behaviourLines);

        List<Score.FitLine> fitLines = explain ? new ArrayList<>() : null;
        long fit = profile == null ? 0 : fit(model, profile, fitLines);
        boolean fitKnown = profile != null || model.fitRules().isEmpty();

        long total = behaviour + fit;
        BigDecimal fitPoints = points(fit);
        BigDecimal totalPoints = points(total);
        ScoringModel.Mql mql = model.thresholds().mql();
        boolean qualified = fitKnown && totalPoints.compareTo(mql.minTotal()) >= 0
                && fitPoints.compareTo(mql.minFit()) >= 0;
        return new Score(totalPoints, points(behaviour), fitPoints, model.gradeBands().gradeOf(fitPoints), qualified,
                asOf, explain ? behaviourLines : List.of(), explain ? fitLines : List.of());
    }

    /** {@code lines}: where to add the ledger, or null for none. */
    private static long behaviour(ScoringModel model, List<Activity> ordered, Instant asOf,
                                  List<Score.BehaviourLine> lines) {
        List<BehaviourRule> rules = model.behaviourRules();
        // Occurrences counted towards each limited rule's limit (none kept for rules without a limit).
        List<Deque<Instant>> counted = new ArrayList<>(rules.size());
        rules.forEach(rule -> counted.add(rule.limit() == null ? null : new ArrayDeque<>()));
        Long cap = model.caps().behaviour() == null ? null : model.caps().behaviour() * 100L;
        double halfLifeMillis = model.decay().halfLifeDays().doubleValue() * MILLIS_PER_DAY;

        long sum = 0;
        for (Activity activity : ordered) {
            for (int i = 0; i < rules.size(); i++) {
                BehaviourRule rule = rules.get(i);
                if (!rule.matches(activity)) {
                    continue;
                }
                boolean limited = limitReached(rule, counted.get(i), activity.occurredAt());
                long decayed = limited ? 0 : Math.round(rule.points() * 100.0 * decayFactor(activity, asOf, halfLifeMillis));
                long applied = decayed;
                if (cap != null && decayed > 0 && sum + decayed > cap) {
                    applied = Math.max(0, cap - sum);
                }
                sum += applied;
                if (lines != null) {
                    lines.add(new Score.BehaviourLine(activity.eventId(), activity.type(), activity.occurredAt(),
                            rule.id(), rule.name(), rule.points(), points(decayed), points(applied), limited,
                            applied != decayed));
                }
            }
        }
        return sum;
    }

    /** Records the occurrence when the limit still has room; true when it is already used up. */
    static boolean limitReached(BehaviourRule rule, Deque<Instant> counted, Instant at) {
        BehaviourRule.Limit limit = rule.limit();
        if (limit == null) {
            return false;
        }
        Duration window = limit.per().window();
        if (window != null) {
            Instant windowStart = at.minus(window);
            while (!counted.isEmpty() && !counted.peekFirst().isAfter(windowStart)) {
                counted.pollFirst();
            }
        }
        if (counted.size() >= limit.max()) {
            return true;
        }
        counted.addLast(at);
        return false;
    }

    /** 0.5^(age / half-life); an activity dated in the future (clock skew) has not decayed at all. */
    static double decayFactor(Activity activity, Instant asOf, double halfLifeMillis) {
        if (halfLifeMillis <= 0) {
            return 1.0;
        }
        long ageMillis = Math.max(0, asOf.toEpochMilli() - activity.occurredAt().toEpochMilli());
        return Math.pow(0.5, ageMillis / halfLifeMillis);
    }

    private static long fit(ScoringModel model, FitProfile profile, List<Score.FitLine> lines) {
        Long cap = model.caps().fit() == null ? null : model.caps().fit() * 100L;
        long sum = 0;
        for (FitRule rule : model.fitRules()) {
            if (!rule.matches(profile)) {
                continue;
            }
            long full = rule.points() * 100L;
            long applied = full;
            if (cap != null && full > 0 && sum + full > cap) {
                applied = Math.max(0, cap - sum);
            }
            sum += applied;
            if (lines != null) {
                lines.add(new Score.FitLine(rule.id(), rule.name(), rule.field(), rule.points(), points(applied),
                        applied != full));
            }
        }
        return sum;
    }

    static BigDecimal points(long hundredths) {
        return BigDecimal.valueOf(hundredths, 2);
    }
}
