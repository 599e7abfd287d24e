-- platform's tables for a PostgreSQL service (dev.tandem.platform.outbox.sql), applied by PlatformSchema with a
-- history table of its own (platform_schema_history), so these versions never collide with the service's own.
-- Never edit this file once released: add V2__... instead.

-- Events written in the same transaction as the state change they announce; SqlOutboxRelay publishes and deletes.
CREATE TABLE outbox_event (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- insertion order: one key's events go out in it
    event_id   uuid        NOT NULL UNIQUE,
    topic      text        NOT NULL,
    record_key text        NOT NULL,                             -- the lead id: Kafka key and CloudEvents subject
    shard      smallint    NOT NULL,                             -- hash of record_key over outbox_shard's rows
    source     text        NOT NULL,                             -- CloudEvents source: the producing service
    payload    bytea       NOT NULL,                             -- the event's JSON (EventJson), published as is
    request_id text,                                             -- X-Request-Id of the request that caused it
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_event_shard_id ON outbox_event (shard, id);

-- A relay claims shards (FOR UPDATE SKIP LOCKED) for one short transaction: two relays never hold the same rows,
-- and all events of one key sit in one shard, so they leave in insertion order whichever relay takes them.
CREATE TABLE outbox_shard (
    shard smallint PRIMARY KEY
);
INSERT INTO outbox_shard (shard) SELECT generate_series(0, 15);

-- Events a consumer has applied, written in the same transaction as the effect: a redelivery changes nothing.
CREATE TABLE processed_event (
    consumer     text        NOT NULL,
    event_id     uuid        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX processed_event_processed_at ON processed_event (processed_at);
