package dev.tandem.lead;

import dev.tandem.events.LifecycleStage;

import java.time.Instant;
import java.util.UUID;

/** One entry of a lead's stage history. {@code cause} is {@code manual} or the name of the event that moved it. */
public record StageChange(LifecycleStage from, LifecycleStage to, String cause, UUID causeEventId, String reason,
                          String by, Instant at) {
}
