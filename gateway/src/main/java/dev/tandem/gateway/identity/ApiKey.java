package dev.tandem.gateway.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

/** A machine credential: {@code tdk_<prefix>_<secret>}; only the secret's SHA-256 is kept. */
@Entity
@Table(name = "api_keys")
public class ApiKey {

    @Id
    public UUID id;
    public String prefix;
    @Column(name = "secret_hash")
    public String secretHash;
    public String name;
    public String subject;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] roles;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;
    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    public boolean usableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
