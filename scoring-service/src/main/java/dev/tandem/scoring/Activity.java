package dev.tandem.scoring;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;

/** One stored activity of a lead: what behaviour rules score. */
public record Activity(String eventId, String type, Instant occurredAt, Map<String, Object> properties) {

    /** History order: when it happened, then event id so equal instants order the same way every time. */
    public static final Comparator<Activity> CHRONOLOGICAL =
            Comparator.comparing(Activity::occurredAt).thenComparing(Activity::eventId);

    public Activity {
        properties = properties == null ? Map.of() : properties;
    }
}
