package dev.tandem.events;

import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Sales rejected the lead. {@code reasonCode} is the coarse reason every consumer knows; it decides recycled or
 * disqualified. {@code salesReasonCode} is the code the rep chose from feedback-service's reason codes (data, e.g.
 * {@code too_early} for 時期尚早, {@code sla_untouched} for the system's recycle); absent in events from before it
 * existed.
 */
public record LeadRejected(
        UUID eventId,
        Instant occurredAt,
        String leadId,
        int schemaVersion,
        RejectReason reasonCode,
        String salesReasonCode,
        String note,
        String by) implements FeedbackEvent {

    /** The shape of a sales reason code (feedback-service's reason codes are data, so consumers check only this). */
    public static final Pattern SALES_REASON_CODE = Pattern.compile("[a-z0-9_]{1,64}");

    public LeadRejected {
        Require.envelope(eventId, occurredAt, leadId, schemaVersion);
        Require.present(reasonCode, "reasonCode");
        Require.present(by, "by");
        if (salesReasonCode != null && !SALES_REASON_CODE.matcher(salesReasonCode).matches()) {
            throw new IllegalArgumentException("salesReasonCode must match " + SALES_REASON_CODE + ", not '"
                    + salesReasonCode + "'");
        }
    }

    /** A rejection with only the coarse reason. */
    public LeadRejected(UUID eventId, Instant occurredAt, String leadId, int schemaVersion, RejectReason reasonCode,
                        String note, String by) {
        this(eventId, occurredAt, leadId, schemaVersion, reasonCode, null, note, by);
    }

    /** The most specific code: the rep's when the event carries one, else the coarse reason's. */
    public String specificReasonCode() {
        return salesReasonCode != null ? salesReasonCode : reasonCode.code();
    }
}
