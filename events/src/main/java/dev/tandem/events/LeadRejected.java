package dev.tandem.events;

import java.time.Instant;
import java.util.UUID;

/** Sales rejected the lead; the reason code decides recycled or disqualified. */
public record LeadRejected(
        UUID eventId,
        Instant occurredAt,
        String leadId,
        int schemaVersion,
        RejectReason reasonCode,
        String note,
        String by) implements FeedbackEvent {

    public LeadRejected {
        Require.envelope(eventId, occurredAt, leadId, schemaVersion);
        Require.present(reasonCode, "reasonCode");
        Require.present(by, "by");
    }
}
