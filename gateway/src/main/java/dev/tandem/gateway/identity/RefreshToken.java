package dev.tandem.gateway.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * One refresh token of a sign-in's family. Each refresh uses the token up and issues the next of the family; a used
 * or revoked token presented again means it leaked, so the whole family is revoked.
 */
@Entity
@Table(name = "refresh_tokens")
public class RefreshToken {

    @Id
    public UUID id;
    @Column(name = "family_id")
    public UUID familyId;
    @Column(name = "user_id")
    public UUID userId;
    @Column(name = "token_hash")
    public String tokenHash;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "family_expires_at")
    public Instant familyExpiresAt;
    @Column(name = "used_at")
    public Instant usedAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;
}
