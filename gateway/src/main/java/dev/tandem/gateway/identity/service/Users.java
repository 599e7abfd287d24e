package dev.tandem.gateway.identity.service;

import dev.tandem.gateway.identity.AuditType;
import dev.tandem.gateway.identity.User;
import dev.tandem.gateway.identity.config.IdentityConfig;
import dev.tandem.gateway.identity.repository.UserRepository;
import dev.tandem.platform.http.Problem;
import dev.tandem.platform.http.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The accounts admins manage. Display names are stored exactly as given (no normalisation: 髙橋 stays 髙橋). */
@ApplicationScoped
public class Users {

    /** A change: null leaves a field as it is; an empty team removes the team. */
    public record Change(String displayName, List<String> roles, String team, Boolean enabled) {
    }

    private final UserRepository repository;
    private final PasswordHasher hasher;
    private final Sessions sessions;
    private final AuditLog audit;
    private final IdentityConfig config;

    public Users(UserRepository repository, PasswordHasher hasher, Sessions sessions, AuditLog audit,
                 IdentityConfig config) {
        this.repository = repository;
        this.hasher = hasher;
        this.sessions = sessions;
        this.audit = audit;
        this.config = config;
    }

    @Transactional
    public User create(String email, String displayName, List<String> roles, String team, boolean enabled,
                       String password, String actor, String ip) {
        checkPassword(password);
        String normalisedEmail = email.trim();
        if (repository.findByEmail(normalisedEmail).isPresent()) {
            throw new ProblemException(Problem.of(409, "email-taken", "Email taken",
                    "a user with email " + normalisedEmail + " exists already (emails match whatever their case)")
                    .withErrors(List.of(new dev.tandem.platform.http.FieldError("email", "is taken"))));
        }
        Instant now = Instant.now();
        User user = new User();
        user.id = UUID.randomUUID();
        user.email = normalisedEmail;
        user.displayName = displayName;
        user.roles = roles.toArray(String[]::new);
        user.team = team == null || team.isEmpty() ? null : team;
        user.enabled = enabled;
        user.passwordHash = hasher.hash(password);
        user.createdAt = now;
        user.updatedAt = now;
        repository.persist(user);
        audit.record(AuditType.USER_CREATED, actor, user.email, ip, "roles " + String.join(",", roles));
        return user;
    }

    @Transactional
    public User get(UUID id) {
        User user = repository.findById(id);
        if (user == null) {
            throw new ProblemException(Problem.of(404, "not-found", "Not found", "no user " + id));
        }
        return user;
    }

    @Transactional
    public List<User> page(int offset, int limit) {
        return repository.page(offset, limit);
    }

    @Transactional
    public long count() {
        return repository.count();
    }

    @Transactional
    public User update(UUID id, Change change, String actor, String ip) {
        User user = get(id);
        List<String> changed = new ArrayList<>();
        if (change.displayName() != null) {
            user.displayName = change.displayName();
            changed.add("displayName");
        }
        if (change.roles() != null) {
            user.roles = change.roles().toArray(String[]::new);
            changed.add("roles=" + String.join(",", change.roles()));
        }
        if (change.team() != null) {
            user.team = change.team().isEmpty() ? null : change.team();
            changed.add("team");
        }
        if (change.enabled() != null) {
            user.enabled = change.enabled();
            changed.add("enabled=" + change.enabled());
            if (!user.enabled) {
                sessions.endAllOf(user.id);
            }
        }
        user.updatedAt = Instant.now();
        audit.record(AuditType.USER_UPDATED, actor, user.email, ip, String.join("; ", changed));
        return user;
    }

    /** Sets a new password, unlocks the account and ends every sign-in of it. */
    @Transactional
    public void resetPassword(UUID id, String password, String actor, String ip) {
        checkPassword(password);
        User user = get(id);
        user.passwordHash = hasher.hash(password);
        user.failedAttempts = 0;
        user.lockedUntil = null;
        user.updatedAt = Instant.now();
        sessions.endAllOf(user.id);
        audit.record(AuditType.PASSWORD_RESET, actor, user.email, ip, null);
    }

    @Transactional
    public User unlock(UUID id, String actor, String ip) {
        User user = get(id);
        user.failedAttempts = 0;
        user.lockedUntil = null;
        user.updatedAt = Instant.now();
        audit.record(AuditType.USER_UNLOCKED, actor, user.email, ip, null);
        return user;
    }

    private void checkPassword(String password) {
        if (password.codePointCount(0, password.length()) < config.passwords().minLength()) {
            throw ProblemException.badRequest("password", "must be at least " + config.passwords().minLength()
                    + " characters");
        }
    }
}
