package dev.tandem.feedback;

import dev.tandem.events.ScoreReason;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.List;

/** What this service keeps of a lead (from lead, score and activity events, and its own feedback). */
@Entity
@Table(name = "lead_copy")
public class LeadCopy {

    @Id
    public String id;

    public String name;
    public String company;
    public String email;
    public String country;
    public String prefecture;
    public String industry;
    public String source;
    public String campaign;

    @Column(name = "owner_id")
    public String ownerId;

    @Column(name = "team_id")
    public String teamId;

    @Column(nullable = false)
    public String stage;

    public Double score;
    public String grade;

    /** The primary score's top reasons, largest first (empty until a score event carried them). */
    @Column(name = "top_reasons")
    @Convert(converter = ScoreReasonList.class)
    public List<ScoreReason> topReasons = List.of();

    @Column(name = "last_activity_at")
    public Instant lastActivityAt;

    @Column(name = "mql_at")
    public Instant mqlAt;

    @Column(name = "routed_at")
    public Instant routedAt;

    @Column(name = "accepted_at")
    public Instant acceptedAt;

    @Column(name = "first_touch_at")
    public Instant firstTouchAt;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Column(name = "recycled_at")
    public Instant recycledAt;

    /** When LeadErased arrived: personal data removed, out of every queue. */
    @Column(name = "erased_at")
    public Instant erasedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;

    public LeadCopy() {
    }

    public LeadCopy(String id, Instant now) {
        this.id = id;
        this.stage = "lead";
        this.updatedAt = now;
    }

    /** An MQL nobody owns yet: claimable from its team's pool. */
    public boolean claimable() {
        return ownerId == null && "mql".equals(stage) && erasedAt == null;
    }
}
