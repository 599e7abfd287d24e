package dev.tandem.gateway.identity.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tandem.gateway.identity.ApiKey;
import dev.tandem.gateway.identity.AuditEvent;
import dev.tandem.gateway.identity.User;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Response bodies of the identity endpoints; none carries a hash or a stored secret. */
public final class Views {

    private Views() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Tokens(String accessToken, String tokenType, long expiresIn, String refreshToken, Long refreshExpiresIn) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record UserView(UUID id, String email, String displayName, List<String> roles, String team, boolean enabled,
                           boolean locked, Instant lockedUntil, Instant lastLoginAt, Instant createdAt,
                           Instant updatedAt) {
        static UserView of(User user, Instant now) {
            return new UserView(user.id, user.email, user.displayName, Arrays.asList(user.roles), user.team,
                    user.enabled, user.lockedAt(now), user.lockedAt(now) ? user.lockedUntil : null, user.lastLoginAt,
                    user.createdAt, user.updatedAt);
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ApiKeyView(UUID id, String prefix, String name, String subject, List<String> roles, Instant createdAt,
                             String createdBy, Instant expiresAt, Instant revokedAt, Instant lastUsedAt,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String key) {
        static ApiKeyView of(ApiKey key, String secret) {
            return new ApiKeyView(key.id, key.prefix, key.name, key.subject, Arrays.asList(key.roles), key.createdAt,
                    key.createdBy, key.expiresAt, key.revokedAt, key.lastUsedAt, secret);
        }
    }

    public record AuditView(long id, Instant at, String type, String actor, String target, String ip, String detail) {
        static AuditView of(AuditEvent event) {
            return new AuditView(event.id, event.at, event.type, event.actor, event.target, event.ip, event.detail);
        }
    }

    public record Page<T>(List<T> items, long total, int offset, int limit) {
    }

    public record AuditPage(List<AuditView> items, Long nextBefore) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Me(String subject, List<String> roles, String name, String email, String team, Instant expiresAt) {
    }
}
