package dev.tandem.scoring;

import dev.tandem.events.LeadQualified;
import dev.tandem.events.LeadUnqualified;
import dev.tandem.events.ScoreChanged;
import dev.tandem.events.ScoreEvent;
import dev.tandem.events.ScoreReason;
import dev.tandem.events.TandemEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Which events a new score announces: ScoreChanged when the total or the grade moved; for the primary model only,
 * LeadQualified when the MQL thresholds are crossed upward and LeadUnqualified when the lead falls back below.
 * A first score counts as a change from nothing, and a lead qualified by its first score crosses upward.
 */
public final class ScoreTransitions {

    private ScoreTransitions() {
    }

    public static List<ScoreEvent> between(String leadId, LeadScore previous, LeadScore current, boolean primary,
                                           Instant at) {
        return between(leadId, previous, current, primary, at, List::of);
    }

    /** {@code topReasons} is asked only when a ScoreChanged is announced (explaining a score costs a second pass). */
    public static List<ScoreEvent> between(String leadId, LeadScore previous, LeadScore current, boolean primary,
                                           Instant at, Supplier<List<ScoreReason>> topReasons) {
        List<ScoreEvent> events = new ArrayList<>(2);
        boolean moved = previous == null || previous.total().compareTo(current.total()) != 0
                || !previous.grade().equals(current.grade());
        if (moved) {
            events.add(new ScoreChanged(UUID.randomUUID(), at, leadId, TandemEvent.SCHEMA_VERSION,
                    current.modelId(), current.modelVersion(), primary, current.total().doubleValue(),
                    current.behaviour().doubleValue(), current.fit().doubleValue(), current.grade(),
                    previous == null ? null : previous.total().doubleValue(),
                    previous == null ? null : previous.grade(), topReasons.get()));
        }
        if (primary) {
            boolean was = previous != null && previous.qualified();
            if (!was && current.qualified()) {
                events.add(new LeadQualified(UUID.randomUUID(), at, leadId, TandemEvent.SCHEMA_VERSION,
                        current.modelId(), current.modelVersion(), current.total().doubleValue(),
                        current.fit().doubleValue()));
            } else if (was && !current.qualified()) {
                events.add(new LeadUnqualified(UUID.randomUUID(), at, leadId, TandemEvent.SCHEMA_VERSION,
                        current.modelId(), current.modelVersion(), current.total().doubleValue(),
                        current.fit().doubleValue()));
            }
        }
        return events;
    }
}
