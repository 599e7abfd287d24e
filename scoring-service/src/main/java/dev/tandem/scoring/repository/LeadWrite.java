package dev.tandem.scoring.repository;

import dev.tandem.events.ScoreEvent;
import dev.tandem.platform.outbox.PendingEvent;
import dev.tandem.scoring.Activity;
import dev.tandem.scoring.LeadState;

import java.util.List;

/**
 * One lead's new state and the events announcing it, stored in one single-document write. {@code added} are the
 * activities new since {@code before}; each event is serialised once, here, for its outbox entry and its record.
 */
public record LeadWrite(LeadState before, LeadState after, List<Activity> added, List<PendingEvent> events) {

    public LeadWrite {
        added = List.copyOf(added);
        events = List.copyOf(events);
    }

    public static LeadWrite announcing(LeadState before, LeadState after, List<Activity> added, List<ScoreEvent> events) {
        return new LeadWrite(before, after, added, events.stream().map(PendingEvent::of).toList());
    }
}
