package dev.tandem.gateway.identity.service;

import dev.tandem.gateway.identity.ApiKey;
import dev.tandem.gateway.identity.AuditType;
import dev.tandem.gateway.identity.repository.ApiKeyRepository;
import dev.tandem.platform.http.Problem;
import dev.tandem.platform.http.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API keys: {@code tdk_<12-character prefix>_<43-character secret>}. The prefix finds the row and is safe to show
 * and log; the secret is 256 random bits, shown once at creation and kept only as its SHA-256 (a slow password hash
 * adds nothing to a secret that cannot be guessed, and would make every exchange cost ~40 ms of CPU).
 */
@ApplicationScoped
public class ApiKeys {

    public static final String SCHEME = "tdk_";
    private static final Pattern FORMAT = Pattern.compile("tdk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})");

    /** A new key with its secret: the only time the secret exists outside the caller. */
    public record Created(ApiKey key, String secret) {
    }

    private final ApiKeyRepository repository;
    private final TokenIssuer issuer;
    private final AuditLog audit;

    public ApiKeys(ApiKeyRepository repository, TokenIssuer issuer, AuditLog audit) {
        this.repository = repository;
        this.issuer = issuer;
        this.audit = audit;
    }

    @Transactional
    public Created create(String name, List<String> roles, String subject, Instant expiresAt, String actor, String ip) {
        String prefix = Secrets.alphanumeric(12);
        String secret = Secrets.token();
        ApiKey key = new ApiKey();
        key.id = UUID.randomUUID();
        key.prefix = prefix;
        key.secretHash = Secrets.sha256(secret);
        key.name = name;
        key.subject = subject == null ? "apikey-" + prefix : subject;
        key.roles = roles.toArray(String[]::new);
        key.createdAt = Instant.now();
        key.createdBy = actor;
        key.expiresAt = expiresAt;
        repository.persist(key);
        audit.record(AuditType.KEY_CREATED, actor, prefix, ip, "name " + name + ", roles " + String.join(",", roles));
        return new Created(key, SCHEME + prefix + "_" + secret);
    }

    @Transactional
    public ApiKey revoke(UUID id, String actor, String ip) {
        ApiKey key = get(id);
        if (key.revokedAt == null) {
            key.revokedAt = Instant.now();
            audit.record(AuditType.KEY_REVOKED, actor, key.prefix, ip, "name " + key.name);
        }
        return key;
    }

    @Transactional
    public ApiKey get(UUID id) {
        ApiKey key = repository.findById(id);
        if (key == null) {
            throw new ProblemException(Problem.of(404, "not-found", "Not found", "no API key " + id));
        }
        return key;
    }

    @Transactional
    public List<ApiKey> page(int offset, int limit) {
        return repository.page(offset, limit);
    }

    @Transactional
    public long count() {
        return repository.count();
    }

    /** An access token for a usable key; empty for anything else (malformed, unknown, wrong secret, revoked, expired). */
    @Transactional
    public Optional<TokenIssuer.AccessToken> exchange(String presented, String ip) {
        Matcher parts = FORMAT.matcher(presented);
        if (!parts.matches()) {
            audit.record(AuditType.KEY_EXCHANGE_FAILED, null, null, ip, "not an API key");
            return Optional.empty();
        }
        Instant now = Instant.now();
        Optional<ApiKey> found = repository.findByPrefix(parts.group(1));
        if (found.isEmpty() || !Secrets.sameDigest(found.get().secretHash, Secrets.sha256(parts.group(2)))) {
            audit.record(AuditType.KEY_EXCHANGE_FAILED, null, parts.group(1), ip, "unknown key or wrong secret");
            return Optional.empty();
        }
        ApiKey key = found.get();
        if (!key.usableAt(now)) {
            audit.record(AuditType.KEY_EXCHANGE_FAILED, key.subject, key.prefix, ip,
                    key.revokedAt != null ? "revoked" : "expired");
            return Optional.empty();
        }
        key.lastUsedAt = now;
        return Optional.of(issuer.issue(new TokenIssuer.Claims(key.subject, key.roles, key.name, null, null)));
    }
}
