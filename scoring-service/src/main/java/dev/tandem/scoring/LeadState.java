package dev.tandem.scoring;

import dev.tandem.platform.outbox.PendingEvent;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything scoring holds on one lead, in one document: profile and owner (from lead.events), activity history
 * (which doubles as the set of applied event ids), and the stored score per active model. {@code revision} guards
 * against a concurrent writer: a write names the revision it read. {@code outbox} holds the score events stored
 * with this state that may not be published yet; the repository keeps it (scoring itself never looks at it).
 * {@code mergedInto}: on the tombstone of a lead merged into another, that lead's id (activities still arriving for
 * the merged lead are added to it); null otherwise.
 */
public record LeadState(String leadId, long revision, boolean erased, String ownerId, Instant ownerAt,
                        FitProfile profile, Instant profileAt, List<Activity> activities,
                        Map<String, LeadScore> scores, List<PendingEvent> outbox, String mergedInto) {

    public LeadState {
        activities = List.copyOf(activities);
        scores = Map.copyOf(scores);
        profile = profile == null ? FitProfile.EMPTY : profile;
        outbox = List.copyOf(outbox);
    }

    /** A new state as scoring computes it: the repository fills in the outbox when it stores it. */
    public LeadState(String leadId, long revision, boolean erased, String ownerId, Instant ownerAt,
                     FitProfile profile, Instant profileAt, List<Activity> activities, Map<String, LeadScore> scores) {
        this(leadId, revision, erased, ownerId, ownerAt, profile, profileAt, activities, scores, List.of(), null);
    }

    /**
     * What is left of an erased lead, or of one merged into {@code mergedInto} (else null): nothing but the flag,
     * which keeps redelivered events from bringing it back, and the outbox still to publish.
     */
    public static LeadState tombstone(String leadId, long revision, String mergedInto, List<PendingEvent> outbox) {
        return new LeadState(leadId, revision, true, null, null, FitProfile.EMPTY, null, List.of(), Map.of(), outbox,
                mergedInto);
    }

    public LeadState withOutbox(List<PendingEvent> pending) {
        return new LeadState(leadId, revision, erased, ownerId, ownerAt, profile, profileAt, activities, scores,
                pending, mergedInto);
    }

    public static LeadState fresh(String leadId) {
        return new LeadState(leadId, 0, false, null, null, FitProfile.EMPTY, null, List.of(), Map.of());
    }

    /**
     * The fit profile once a lead event has given one, null before: activities can be scored before the lead's
     * LeadCreated arrives (the two topics are consumed independently), and an unknown fit is not a fit of zero.
     */
    public FitProfile knownProfile() {
        return profileAt == null ? null : profile;
    }

    public boolean exists() {
        return revision > 0;
    }
}
