package dev.tandem.gateway.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

/** A person who signs in with an email and a password. */
@Entity
@Table(name = "users")
public class User {

    @Id
    public UUID id;
    public String email;
    @Column(name = "display_name")
    public String displayName;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] roles;
    public String team;
    public boolean enabled;
    @Column(name = "password_hash")
    public String passwordHash;
    @Column(name = "failed_attempts")
    public int failedAttempts;
    @Column(name = "locked_until")
    public Instant lockedUntil;
    @Column(name = "last_login_at")
    public Instant lastLoginAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Version
    public long version;

    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }
}
