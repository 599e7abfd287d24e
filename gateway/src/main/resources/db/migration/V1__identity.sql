-- Identity: people who sign in, machines with API keys, refresh-token families, signing keys, the audit log.

CREATE TABLE users (
    id              UUID PRIMARY KEY,
    email           TEXT        NOT NULL,
    display_name    TEXT        NOT NULL,
    roles           TEXT[]      NOT NULL,
    team            TEXT,
    enabled         BOOLEAN     NOT NULL,
    password_hash   TEXT        NOT NULL,
    failed_attempts INTEGER     NOT NULL DEFAULT 0,
    locked_until    TIMESTAMPTZ,
    last_login_at   TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    version         BIGINT      NOT NULL DEFAULT 0
);
-- One account per address whatever its case: Ada@Example.com and ada@example.com are the same person.
CREATE UNIQUE INDEX users_email_unique ON users (lower(email));

CREATE TABLE api_keys (
    id           UUID PRIMARY KEY,
    prefix       TEXT        NOT NULL UNIQUE,
    secret_hash  TEXT        NOT NULL,
    name         TEXT        NOT NULL,
    subject      TEXT        NOT NULL,
    roles        TEXT[]      NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    created_by   TEXT        NOT NULL,
    expires_at   TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ
);

CREATE TABLE refresh_tokens (
    id          UUID PRIMARY KEY,
    family_id   UUID        NOT NULL,
    user_id     UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash  TEXT        NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    family_expires_at TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);
CREATE INDEX refresh_tokens_expiry ON refresh_tokens (family_expires_at);

CREATE TABLE signing_keys (
    kid                   TEXT PRIMARY KEY,
    public_jwk            TEXT        NOT NULL,
    -- AES-256-GCM of the PKCS#8 private key under tandem.identity.key-encryption-key: 12-byte nonce || ciphertext.
    private_key_encrypted BYTEA       NOT NULL,
    created_at            TIMESTAMPTZ NOT NULL,
    -- Published in the JWKS from created_at; signs from activates_at until a newer key activates.
    activates_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX signing_keys_activation ON signing_keys (activates_at);

CREATE TABLE audit_events (
    id         BIGSERIAL PRIMARY KEY,
    at         TIMESTAMPTZ NOT NULL,
    type       TEXT        NOT NULL,
    actor      TEXT,
    target     TEXT,
    ip         TEXT,
    detail     TEXT
);
CREATE INDEX audit_events_type_id ON audit_events (type, id);
