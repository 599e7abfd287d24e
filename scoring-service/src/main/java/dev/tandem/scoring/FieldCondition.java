package dev.tandem.scoring;

import java.util.List;
import java.util.Map;

/** A condition on one activity property, named by a dot path ({@code utm.campaign}). */
public record FieldCondition(String field, Condition condition) {

    public boolean test(Map<String, Object> properties) {
        return condition.test(resolve(properties, field));
    }

    /** Follows a dot path through nested maps; null when any step is missing. */
    static Object resolve(Map<String, Object> properties, String path) {
        Object current = properties;
        for (String step : path.split("\\.", -1)) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(step);
        }
        return current instanceof List<?> list && list.isEmpty() ? null : current;
    }
}
