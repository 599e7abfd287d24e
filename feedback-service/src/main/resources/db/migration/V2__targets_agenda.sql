-- KGI targets per period (a month 2026-05 or a quarter 2026-Q2, in the company time zone), optionally per team.
-- team_id '' is the whole company (a primary key cannot hold NULL); currency '' for counts.
CREATE TABLE kgi_target (
    period     text          NOT NULL,
    team_id    text          NOT NULL DEFAULT '',
    metric     text          NOT NULL CHECK (metric IN ('mqls', 'sqls', 'opportunities', 'deals_won', 'revenue')),
    currency   text          NOT NULL DEFAULT '',
    value      numeric(19,4) NOT NULL CHECK (value >= 0),
    updated_at timestamptz   NOT NULL,
    updated_by text          NOT NULL,
    PRIMARY KEY (period, team_id, metric, currency)
);

-- Items either side puts on the weekly alignment meeting's agenda.
CREATE TABLE agenda_item (
    id         uuid        PRIMARY KEY,
    iso_week   text        NOT NULL,
    side       text        NOT NULL CHECK (side IN ('sales', 'marketing')),
    title      text        NOT NULL,
    body       text,
    lead_id    text,
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX agenda_item_week ON agenda_item (iso_week, created_at);

-- Digests already mailed, so two replicas (or a restart) never mail one week twice.
CREATE TABLE digest_sent (
    iso_week text        PRIMARY KEY,
    sent_at  timestamptz NOT NULL
);
