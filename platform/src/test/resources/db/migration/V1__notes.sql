-- The example service's schema. One migration per change, never edited once merged: V2__... for the next one.
CREATE TABLE note (
    id         uuid        PRIMARY KEY,
    lead_id    text        NOT NULL,
    body       text        NOT NULL,
    created_at timestamptz NOT NULL,
    version    bigint      NOT NULL
);
CREATE INDEX note_lead_id ON note (lead_id, created_at);

-- What the example's consumer derives from activity events: touches per lead.
CREATE TABLE lead_touch (
    lead_id text   PRIMARY KEY,
    touches bigint NOT NULL
);
