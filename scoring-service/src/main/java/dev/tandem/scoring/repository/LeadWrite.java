package dev.tandem.scoring.repository;

import dev.tandem.events.ScoreEvent;
import dev.tandem.scoring.Activity;
import dev.tandem.scoring.LeadState;

import java.util.List;

/**
 * One lead's new state and the events announcing it, stored in one single-document write. {@code added} are the
 * activities new since {@code before}.
 */
public record LeadWrite(LeadState before, LeadState after, List<Activity> added, List<ScoreEvent> events) {

    public LeadWrite {
        added = List.copyOf(added);
        events = List.copyOf(events);
    }
}
