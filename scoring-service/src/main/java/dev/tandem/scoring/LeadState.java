package dev.tandem.scoring;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything scoring holds on one lead, in one document: profile and owner (from lead.events), activity history
 * (which doubles as the set of applied event ids), and the stored score per active model. {@code revision} guards
 * against a concurrent writer: a write names the revision it read.
 */
public record LeadState(String leadId, long revision, boolean erased, String ownerId, Instant ownerAt,
                        FitProfile profile, Instant profileAt, List<Activity> activities,
                        Map<String, LeadScore> scores) {

    public LeadState {
        activities = List.copyOf(activities);
        scores = Map.copyOf(scores);
        profile = profile == null ? FitProfile.EMPTY : profile;
    }

    public static LeadState fresh(String leadId) {
        return new LeadState(leadId, 0, false, null, null, FitProfile.EMPTY, null, List.of(), Map.of());
    }

    public boolean exists() {
        return revision > 0;
    }
}
