package dev.tandem.platform.example;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/** A sales note on a lead: the example's state. An entity with a repository (not active record), fields private. */
@Entity
@Table(name = "note")
public class Note {

    @Id
    private UUID id;

    @Column(name = "lead_id", nullable = false)
    private String leadId;

    @Column(nullable = false)
    private String body;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** Optimistic lock: two transactions changing one note cannot both commit (nor both announce it). */
    @Version
    private long version;

    protected Note() {
    }

    public Note(UUID id, String leadId, String body, Instant createdAt) {
        this.id = id;
        this.leadId = leadId;
        this.body = body;
        this.createdAt = createdAt;
    }

    public UUID id() {
        return id;
    }

    public String leadId() {
        return leadId;
    }

    public String body() {
        return body;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
