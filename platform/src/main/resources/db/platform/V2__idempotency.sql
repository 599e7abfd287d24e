-- Idempotency-Key records of a PostgreSQL service (dev.tandem.platform.idempotency.SqlIdempotencyStore).
-- Never edit this file once released: add V3__... instead.
CREATE TABLE idempotency_key (
    id           text        PRIMARY KEY,   -- SHA-256 of caller and key (IdempotencyKey.storeId)
    caller       text        NOT NULL,
    key          text        NOT NULL,
    method       text        NOT NULL,
    path         text        NOT NULL,
    fingerprint  text        NOT NULL,      -- SHA-256 of the body bytes as sent
    owner        text        NOT NULL,      -- the attempt holding the key; every conditional write filters on it
    started_at   timestamptz NOT NULL,
    created_at   timestamptz NOT NULL,
    status       integer,                   -- the kept answer, once completed
    content_type text,
    location     text,
    body         bytea,
    completed_at timestamptz
);
CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at);
