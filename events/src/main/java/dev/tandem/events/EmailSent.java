package dev.tandem.events;

import java.time.Instant;
import java.util.UUID;

/** A nurture email left for the lead. */
public record EmailSent(
        UUID eventId,
        Instant occurredAt,
        String leadId,
        int schemaVersion,
        String campaignId,
        String stepId,
        String messageId,
        String subject) implements NurtureEvent {

    public EmailSent {
        Require.envelope(eventId, occurredAt, leadId, schemaVersion);
        Require.present(messageId, "messageId");
    }
}
