package dev.tandem.gateway.identity.service;

import dev.tandem.gateway.identity.AuditType;
import dev.tandem.gateway.identity.RefreshToken;
import dev.tandem.gateway.identity.User;
import dev.tandem.gateway.identity.config.IdentityConfig;
import dev.tandem.gateway.identity.repository.RefreshTokenRepository;
import dev.tandem.gateway.identity.repository.UserRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Sign-in, refresh and sign-out. A refused attempt returns empty rather than throwing, so the failure count, the
 * lockout and the audit event it writes are committed.
 */
@ApplicationScoped
public class Sessions {

    /** What a successful sign-in or refresh hands out. */
    public record Granted(TokenIssuer.AccessToken access, String refreshToken, long refreshExpiresIn) {
    }

    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final PasswordHasher hasher;
    private final TokenIssuer issuer;
    private final AuditLog audit;
    private final IdentityConfig config;

    public Sessions(UserRepository users, RefreshTokenRepository refreshTokens, PasswordHasher hasher,
                    TokenIssuer issuer, AuditLog audit, IdentityConfig config) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.hasher = hasher;
        this.issuer = issuer;
        this.audit = audit;
        this.config = config;
    }

    @Transactional
    public Optional<Granted> login(String email, String password, String ip) {
        Instant now = Instant.now();
        Optional<User> found = users.findByEmail(email.trim());
        if (found.isEmpty()) {
            hasher.verifyDecoy(password);
            audit.record(AuditType.LOGIN_FAILED, email, null, ip, "unknown email");
            return Optional.empty();
        }
        User user = found.get();
        users.getEntityManager().lock(user, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (user.lockedAt(now) || !user.enabled) {
            // The hash is checked anyway, so neither the answer nor its timing tells a locked account from a wrong password.
            hasher.verify(password, user.passwordHash);
            audit.record(AuditType.LOGIN_REFUSED, user.email, user.email, ip,
                    user.enabled ? "locked until " + user.lockedUntil : "disabled");
            return Optional.empty();
        }
        if (!hasher.verify(password, user.passwordHash)) {
            user.failedAttempts++;
            audit.record(AuditType.LOGIN_FAILED, user.email, user.email, ip, "wrong password, failure "
                    + user.failedAttempts);
            if (user.failedAttempts >= config.lockout().maxFailures()) {
                user.lockedUntil = now.plus(config.lockout().duration());
                user.failedAttempts = 0;
                audit.record(AuditType.LOCKED_OUT, user.email, user.email, ip, "locked until " + user.lockedUntil);
            }
            return Optional.empty();
        }
        user.failedAttempts = 0;
        user.lockedUntil = null;
        user.lastLoginAt = now;
        audit.record(AuditType.LOGIN_SUCCEEDED, user.email, user.email, ip, null);
        return Optional.of(grant(user, UUID.randomUUID(), now.plus(config.refresh().absoluteLifetime()), now));
    }

    /**
     * Uses a refresh token up and hands out the next of its family. A token presented a second time (or after its
     * family was revoked) revokes the whole family: whoever holds the newer token must sign in again.
     */
    @Transactional
    public Optional<Granted> refresh(String presented, String ip) {
        Instant now = Instant.now();
        Optional<RefreshToken> found = refreshTokens.findByHashForUpdate(Secrets.sha256(presented));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        RefreshToken token = found.get();
        User user = users.findById(token.userId);
        if (token.usedAt != null || token.revokedAt != null) {
            int revoked = refreshTokens.revokeFamily(token.familyId, now);
            audit.record(AuditType.REFRESH_REUSED, user.email, user.email, ip,
                    "family " + token.familyId + " revoked (" + revoked + " live tokens)");
            return Optional.empty();
        }
        if (!token.expiresAt.isAfter(now) || !token.familyExpiresAt.isAfter(now) || !user.enabled
                || user.lockedAt(now)) {
            return Optional.empty();
        }
        token.usedAt = now;
        return Optional.of(grant(user, token.familyId, token.familyExpiresAt, now));
    }

    /** Ends the sign-in the token belongs to; an unknown token ends nothing (and says nothing). */
    @Transactional
    public void logout(String presented, String ip) {
        Instant now = Instant.now();
        refreshTokens.findByHashForUpdate(Secrets.sha256(presented)).ifPresent(token -> {
            refreshTokens.revokeFamily(token.familyId, now);
            User user = users.findById(token.userId);
            audit.record(AuditType.LOGOUT, user.email, user.email, ip, "family " + token.familyId);
        });
    }

    /** Every sign-in of the user ends (password reset, account disabled). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void endAllOf(UUID userId) {
        refreshTokens.revokeAllOf(userId, Instant.now());
    }

    public TokenIssuer.Claims claimsOf(User user) {
        return new TokenIssuer.Claims(user.id.toString(), user.roles, user.displayName, user.email, user.team);
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void purgeEnded() {
        refreshTokens.deleteEndedBefore(Instant.now().minus(Duration.ofDays(1)));
    }

    private Granted grant(User user, UUID familyId, Instant familyExpiresAt, Instant now) {
        String secret = Secrets.token();
        RefreshToken next = new RefreshToken();
        next.id = UUID.randomUUID();
        next.familyId = familyId;
        next.userId = user.id;
        next.tokenHash = Secrets.sha256(secret);
        next.createdAt = now;
        Instant idleEnd = now.plus(config.refresh().idleLifetime());
        next.expiresAt = idleEnd.isBefore(familyExpiresAt) ? idleEnd : familyExpiresAt;
        next.familyExpiresAt = familyExpiresAt;
        refreshTokens.persist(next);
        return new Granted(issuer.issue(claimsOf(user)), secret, Duration.between(now, next.expiresAt).toSeconds());
    }
}
