package dev.tandem.scoring.service;

import dev.tandem.platform.outbox.PendingEvent;

import java.util.List;
import java.util.Map;

/** Fired after lead documents were stored with these new outbox entries, so they get published at once. */
public record LeadsWritten(Map<String, List<PendingEvent>> eventsByLead) {
}
