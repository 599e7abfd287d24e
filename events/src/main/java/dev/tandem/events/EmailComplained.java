package dev.tandem.events;

import java.time.Instant;
import java.util.UUID;

/** The lead marked a nurture email as spam (a feedback-loop complaint); the address is suppressed. */
public record EmailComplained(
        UUID eventId,
        Instant occurredAt,
        String leadId,
        int schemaVersion,
        String campaignId,
        String messageId,
        String feedbackType) implements NurtureEvent {

    public EmailComplained {
        Require.envelope(eventId, occurredAt, leadId, schemaVersion);
        Require.present(messageId, "messageId");
    }
}
