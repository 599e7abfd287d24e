package dev.tandem.feedback;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One thing a rep reported on a lead, kept as sent. */
@Entity
@Table(name = "feedback")
public class FeedbackEntry {

    @Id
    public UUID id;

    @Column(name = "lead_id", nullable = false)
    public String leadId;

    @Column(name = "rep_id", nullable = false)
    public String repId;

    @Column(nullable = false)
    public String kind;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    @Column(name = "reason_code")
    public String reasonCode;

    public String note;

    /** The item's own fields as JSON (touch type and duration, deal amount …). */
    @Column(nullable = false)
    public String detail;
}
