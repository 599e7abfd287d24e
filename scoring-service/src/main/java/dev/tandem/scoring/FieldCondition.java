package dev.tandem.scoring;

import java.util.List;
import java.util.Map;

/** A condition on one activity property, named by a dot path ({@code utm.campaign}). */
public record FieldCondition(String field, Condition condition) {

    public boolean test(Map<String, Object> properties) {
        return condition.test(resolve(properties, field));
    }

    /**
     * Follows a dot path through nested maps; null when any step is missing. Walks the path in place: it is resolved
     * for every activity of a lead on each rescore, and splitting it allocated an array and a string per step.
     */
    static Object resolve(Map<String, Object> properties, String path) {
        Object current = properties;
        int from = 0;
        while (current instanceof Map<?, ?> map) {
            int dot = path.indexOf('.', from);
            String step = dot >= 0 ? path.substring(from, dot) : from == 0 ? path : path.substring(from);
            current = map.get(step);
            if (dot < 0) {
                return current instanceof List<?> list && list.isEmpty() ? null : current;
            }
            from = dot + 1;
        }
        return null;
    }
}
