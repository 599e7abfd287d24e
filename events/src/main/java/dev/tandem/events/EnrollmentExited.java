package dev.tandem.events;

import java.time.Instant;
import java.util.UUID;

/** The lead left a nurture campaign (completed, goal reached, unsubscribed, handed to sales...). */
public record EnrollmentExited(
        UUID eventId,
        Instant occurredAt,
        String leadId,
        int schemaVersion,
        String campaignId,
        String enrollmentId,
        String reason) implements NurtureEvent {

    public EnrollmentExited {
        Require.envelope(eventId, occurredAt, leadId, schemaVersion);
        Require.present(campaignId, "campaignId");
        Require.present(enrollmentId, "enrollmentId");
        Require.present(reason, "reason");
    }
}
