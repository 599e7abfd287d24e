package dev.tandem.feedback;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;

/**
 * Why sales rejects a lead, as data: labels in Japanese and English, and the outcome ({@code recycle} back to nurture
 * or {@code disqualify}). {@code eventReason} is the RejectReason code the LeadRejected event carries; its stage
 * agrees with the outcome, so lead-service's stage machine moves the lead where this code says.
 */
@Entity
@Table(name = "reason_code")
public class ReasonCode {

    public static final String RECYCLE = "recycle";
    public static final String DISQUALIFY = "disqualify";
    /** The system's reason for the automatic recycle of an MQL left untouched past its SLA. */
    public static final String SLA_UNTOUCHED = "sla_untouched";

    @Id
    public String code;

    @Column(name = "label_ja", nullable = false)
    public String labelJa;

    @Column(name = "label_en", nullable = false)
    public String labelEn;

    @Column(nullable = false)
    public String outcome;

    @Column(name = "event_reason", nullable = false)
    public String eventReason;

    @Column(nullable = false)
    public boolean active = true;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Version
    public long version;
}
