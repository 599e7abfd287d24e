package dev.tandem.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Sales opened a deal for the lead. */
public record DealOpened(
        UUID eventId,
        Instant occurredAt,
        String leadId,
        int schemaVersion,
        String dealId,
        BigDecimal amount,
        String currency,
        String by) implements FeedbackEvent {

    public DealOpened {
        Require.envelope(eventId, occurredAt, leadId, schemaVersion);
        Require.present(dealId, "dealId");
        Require.present(by, "by");
    }
}
