package dev.tandem.events;

import java.time.Instant;
import java.util.UUID;

/** The lead withdrew consent for a channel (e.g. {@code email}). */
public record Unsubscribed(
        UUID eventId,
        Instant occurredAt,
        String leadId,
        int schemaVersion,
        String campaignId,
        String messageId,
        String channel) implements NurtureEvent {

    public Unsubscribed {
        Require.envelope(eventId, occurredAt, leadId, schemaVersion);
        Require.present(channel, "channel");
    }
}
