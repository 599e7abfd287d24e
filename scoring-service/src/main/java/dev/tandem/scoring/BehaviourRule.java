package dev.tandem.scoring;

import java.util.List;

/** Points for an activity of {@code eventType} whose properties pass every condition, at most {@code limit} times. */
public record BehaviourRule(String id, String name, String eventType, List<FieldCondition> conditions, int points,
                            Limit limit) {

    public BehaviourRule {
        conditions = List.copyOf(conditions);
    }

    /** At most {@code max} scoring activities per rolling {@code per} window. */
    public record Limit(int max, LimitPeriod per) {
    }

    public boolean matches(Activity activity) {
        if (!eventType.equals(activity.type())) {
            return false;
        }
        for (FieldCondition condition : conditions) {
            if (!condition.test(activity.properties())) {
                return false;
            }
        }
        return true;
    }
}
