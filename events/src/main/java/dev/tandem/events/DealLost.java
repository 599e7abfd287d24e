package dev.tandem.events;

import java.time.Instant;
import java.util.UUID;

/** The lead's deal was lost; the lead goes back to nurture. */
public record DealLost(
        UUID eventId,
        Instant occurredAt,
        String leadId,
        int schemaVersion,
        String dealId,
        DealLossReason reasonCode,
        String note,
        String by) implements FeedbackEvent {

    public DealLost {
        Require.envelope(eventId, occurredAt, leadId, schemaVersion);
        Require.present(dealId, "dealId");
        Require.present(reasonCode, "reasonCode");
        Require.present(by, "by");
    }
}
