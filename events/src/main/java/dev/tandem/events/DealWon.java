package dev.tandem.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** The lead's deal was won. */
public record DealWon(
        UUID eventId,
        Instant occurredAt,
        String leadId,
        int schemaVersion,
        String dealId,
        BigDecimal amount,
        String currency,
        String by) implements FeedbackEvent {

    public DealWon {
        Require.envelope(eventId, occurredAt, leadId, schemaVersion);
        Require.present(dealId, "dealId");
        Require.present(amount, "amount");
        Require.present(currency, "currency");
        Require.present(by, "by");
    }
}
