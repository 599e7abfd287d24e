package dev.tandem.events;

import java.time.Instant;
import java.util.UUID;

/** An email to the lead bounced. */
public record EmailBounced(
        UUID eventId,
        Instant occurredAt,
        String leadId,
        int schemaVersion,
        String messageId,
        BounceType bounceType,
        String reason) implements NurtureEvent {

    public EmailBounced {
        Require.envelope(eventId, occurredAt, leadId, schemaVersion);
        Require.present(bounceType, "bounceType");
    }
}
