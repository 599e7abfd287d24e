package dev.tandem.feedback;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** A deal on a lead. Money is exact: NUMERIC with its ISO 4217 currency. */
@Entity
@Table(name = "deal")
public class Deal {

    public static final String OPEN = "open";
    public static final String WON = "won";
    public static final String LOST = "lost";

    @Id
    public String id;

    @Column(name = "lead_id", nullable = false)
    public String leadId;

    @Column(name = "owner_id", nullable = false)
    public String ownerId;

    public String name;

    @Column(nullable = false)
    public String stage;

    @Column(nullable = false)
    public String status;

    @Column(precision = 19, scale = 4)
    public BigDecimal amount;

    public String currency;

    @Column(name = "close_date")
    public LocalDate closeDate;

    @Column(name = "loss_reason")
    public String lossReason;

    @Column(name = "opened_at", nullable = false)
    public Instant openedAt;

    @Column(name = "closed_at")
    public Instant closedAt;

    @Version
    public long version;
}
