package dev.tandem.nurture;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/** A campaign: its state and its {@link CampaignDefinition} as JSON. */
@Entity
@jakarta.persistence.Table(name = "campaign")
public class Campaign {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public CampaignState state;

    @Column(nullable = false)
    public String definition;

    /** Why the campaign is paused (by a person, or by itself for bounces/complaints). */
    @Column(name = "state_reason")
    public String stateReason;

    @Version
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
