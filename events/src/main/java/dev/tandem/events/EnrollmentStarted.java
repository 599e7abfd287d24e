package dev.tandem.events;

import java.time.Instant;
import java.util.UUID;

/** The lead entered a nurture campaign. */
public record EnrollmentStarted(
        UUID eventId,
        Instant occurredAt,
        String leadId,
        int schemaVersion,
        String campaignId,
        String enrollmentId) implements NurtureEvent {

    public EnrollmentStarted {
        Require.envelope(eventId, occurredAt, leadId, schemaVersion);
        Require.present(campaignId, "campaignId");
        Require.present(enrollmentId, "enrollmentId");
    }
}
