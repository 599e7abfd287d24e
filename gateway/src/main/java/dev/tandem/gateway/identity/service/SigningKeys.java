package dev.tandem.gateway.identity.service;

import dev.tandem.gateway.identity.AuditType;
import dev.tandem.gateway.identity.SigningKey;
import dev.tandem.gateway.identity.config.IdentityConfig;
import dev.tandem.gateway.identity.repository.SigningKeyRepository;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.JoseException;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The issuer's RS256 keys, kept in the gateway database so every replica agrees on them. A key is published in the
 * JWKS from its creation, signs from its activation (a rotation sets that {@code publish-lead} ahead, so services
 * have fetched it before the first token it signs), and stays published until the key after it has been signing for
 * longer than a token lives: then no valid token can name it.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    /** pg_advisory_xact_lock id: one replica at a time creates keys. */
    private static final long KEY_CREATION_LOCK = 0x7a6e_6b65_7973L;
    /** Clock skew allowed between replicas and services on top of the token lifetime. */
    private static final Duration SKEW = Duration.ofMinutes(1);

    public enum State { PENDING, ACTIVE, RETIRING, RETIRED }

    /** A key as a replica holds it; the private key is decrypted on first use. */
    public record Loaded(String kid, RSAPublicKey publicKey, String publicJwk, Instant createdAt, Instant activatesAt) {
    }

    public record KeyInfo(String kid, State state, Instant createdAt, Instant activatesAt, Instant retiresAt) {
    }

    private record Snapshot(List<Loaded> newestFirst, Instant loadedAt) {
    }

    private final SigningKeyRepository repository;
    private final KeyEncryption encryption;
    private final IdentityConfig config;
    private final AuditLog audit;
    private final EntityManager entityManager;
    private final Map<String, PrivateKey> privateKeys = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot = new Snapshot(List.of(), Instant.EPOCH);

    public SigningKeys(SigningKeyRepository repository, KeyEncryption encryption, IdentityConfig config, AuditLog audit,
                       EntityManager entityManager) {
        this.repository = repository;
        this.encryption = encryption;
        this.config = config;
        this.audit = audit;
        this.entityManager = entityManager;
    }

    /** The first key of a fresh database signs at once: nothing can have cached an older JWKS. */
    @Transactional
    void onStart(@Observes @Priority(10) StartupEvent start) {
        lockKeyCreation();
        if (repository.count() == 0) {
            create(Instant.now(), null);
        }
        reload();
    }

    /** A new key, published now, signing after the publish lead. */
    @Transactional
    public KeyInfo rotate(String actor) {
        lockKeyCreation();
        SigningKey key = create(Instant.now().plus(config.keys().publishLead()), actor);
        reload();
        return info(find(key.kid).orElseThrow(), Instant.now(), snapshot.newestFirst());
    }

    @Scheduled(every = "${tandem.identity.keys.rotation-check}", delayed = "${tandem.identity.keys.rotation-check}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void rotateWhenDue() {
        lockKeyCreation();
        Instant now = Instant.now();
        Instant newest = repository.newestFirst().stream().map(k -> k.createdAt).max(Instant::compareTo)
                .orElse(Instant.EPOCH);
        if (!newest.plus(config.keys().rotateEvery()).isAfter(now)) {
            create(now.plus(config.keys().publishLead()), "scheduled rotation");
        }
        reload();
    }

    /** The key that signs now. */
    public Loaded active() {
        Instant now = Instant.now();
        return current().stream().filter(k -> !k.activatesAt().isAfter(now)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no active signing key"));
    }

    public PrivateKey privateKey(Loaded key) {
        return privateKeys.computeIfAbsent(key.kid(), this::decryptPrivate);
    }

    /** The public key for a token's {@code kid} if it is published; an unknown kid reads the table once more. */
    public Optional<RSAPublicKey> verificationKey(String kid) {
        Optional<Loaded> found = published(Instant.now(), current()).stream().filter(k -> k.kid().equals(kid))
                .findFirst();
        if (found.isEmpty() && snapshot.loadedAt().isBefore(Instant.now().minusSeconds(1))) {
            reload();
            found = published(Instant.now(), snapshot.newestFirst()).stream().filter(k -> k.kid().equals(kid))
                    .findFirst();
        }
        return found.map(Loaded::publicKey);
    }

    /** The JWKS document: public parts of every published key. */
    public String jwks() {
        List<JsonWebKey> keys = new ArrayList<>();
        for (Loaded key : published(Instant.now(), current())) {
            try {
                keys.add(JsonWebKey.Factory.newJwk(key.publicJwk()));
            } catch (JoseException e) {
                throw new IllegalStateException("stored JWK of " + key.kid() + " is unreadable", e);
            }
        }
        return new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    public List<KeyInfo> list() {
        reload();
        Instant now = Instant.now();
        List<Loaded> keys = snapshot.newestFirst();
        return keys.stream().map(k -> info(k, now, keys)).toList();
    }

    private List<Loaded> current() {
        Snapshot held = snapshot;
        if (held.loadedAt().plus(config.keys().cacheFor()).isBefore(Instant.now()) || held.newestFirst().isEmpty()) {
            reload();
        }
        return snapshot.newestFirst();
    }

    private List<Loaded> published(Instant now, List<Loaded> newestFirst) {
        return newestFirst.stream().filter(k -> info(k, now, newestFirst).state() != State.RETIRED).toList();
    }

    private KeyInfo info(Loaded key, Instant now, List<Loaded> newestFirst) {
        Loaded successor = null;
        for (Loaded other : newestFirst) {
            if (other.activatesAt().isAfter(key.activatesAt()) && !other.activatesAt().isAfter(now)) {
                successor = other;
            }
        }
        if (key.activatesAt().isAfter(now)) {
            return new KeyInfo(key.kid(), State.PENDING, key.createdAt(), key.activatesAt(), null);
        }
        if (successor == null) {
            return new KeyInfo(key.kid(), State.ACTIVE, key.createdAt(), key.activatesAt(), null);
        }
        // The oldest successor already signing is the one that took over from this key.
        Instant retiresAt = successor.activatesAt().plus(config.accessTokenLifetime()).plus(SKEW);
        return new KeyInfo(key.kid(), retiresAt.isAfter(now) ? State.RETIRING : State.RETIRED, key.createdAt(),
                key.activatesAt(), retiresAt);
    }

    private Optional<Loaded> find(String kid) {
        return snapshot.newestFirst().stream().filter(k -> k.kid().equals(kid)).findFirst();
    }

    @Transactional
    void reload() {
        List<Loaded> loaded = new ArrayList<>();
        for (SigningKey key : repository.newestFirst()) {
            try {
                RsaJsonWebKey jwk = (RsaJsonWebKey) PublicJsonWebKey.Factory.newPublicJwk(key.publicJwk);
                loaded.add(new Loaded(key.kid, jwk.getRsaPublicKey(), key.publicJwk, key.createdAt, key.activatesAt));
            } catch (JoseException e) {
                throw new IllegalStateException("stored JWK of " + key.kid + " is unreadable", e);
            }
        }
        snapshot = new Snapshot(List.copyOf(loaded), Instant.now());
    }

    private SigningKey create(Instant activatesAt, String actor) {
        KeyPair pair = generate();
        RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) pair.getPublic());
        String kid = jwk.calculateBase64urlEncodedThumbprint("SHA-256");
        jwk.setKeyId(kid);
        jwk.setUse("sig");
        jwk.setAlgorithm("RS256");
        SigningKey key = new SigningKey();
        key.kid = kid;
        key.publicJwk = jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        key.privateKeyEncrypted = encryption.encrypt(pair.getPrivate().getEncoded(), kid);
        key.createdAt = Instant.now();
        key.activatesAt = activatesAt;
        repository.persist(key);
        repository.flush();
        audit.record(AuditType.SIGNING_KEY_CREATED, actor, kid, null, "signs from " + activatesAt);
        LOG.infof("signing key %s created; signs from %s", kid, activatesAt);
        return key;
    }

    private PrivateKey decryptPrivate(String kid) {
        SigningKey stored = repository.findById(kid);
        if (stored == null) {
            throw new IllegalStateException("signing key " + kid + " is gone");
        }
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(
                    new PKCS8EncodedKeySpec(encryption.decrypt(stored.privateKeyEncrypted, kid)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing key " + kid + " is not an RSA key", e);
        }
    }

    private void lockKeyCreation() {
        entityManager.createNativeQuery("select pg_advisory_xact_lock(" + KEY_CREATION_LOCK + ")").getSingleResult();
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }
}
