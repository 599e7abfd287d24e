package dev.tandem.nurture;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/** A lead's way through one campaign. {@code nextActionAt} is when the engine looks at it again (the claim). */
@Entity
@jakarta.persistence.Table(name = "enrollment")
public class Enrollment {

    @Id
    public UUID id;

    @Column(name = "campaign_id", nullable = false)
    public UUID campaignId;

    @Column(name = "lead_id", nullable = false)
    public String leadId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public EnrollmentState state;

    @Column(name = "step_id")
    public String stepId;

    @Column(name = "step_started_at")
    public Instant stepStartedAt;

    @Column(name = "next_action_at")
    public Instant nextActionAt;

    /** Failed SMTP attempts of the current step (temporary failures and soft bounces). */
    @Column(nullable = false)
    public int attempts;

    /** The A/B variant the lead was split into, if any. */
    public String variant;

    @Column(name = "enrolled_by")
    public String enrolledBy;

    @Column(name = "pause_reason")
    public String pauseReason;

    @Column(name = "paused_by")
    public String pausedBy;

    @Column(name = "exit_reason")
    public String exitReason;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Version
    public long version;
}
