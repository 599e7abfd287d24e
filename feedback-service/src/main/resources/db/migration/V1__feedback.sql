-- feedback-service's schema. One migration per change, never edited once merged: V2__... for the next one.

-- Sales teams: the business calendar (platform's CalendarDefinition JSON) their reps work on by default.
CREATE TABLE team (
    id         text        PRIMARY KEY,
    name       text        NOT NULL,
    calendar   text        NOT NULL,
    created_at timestamptz NOT NULL,
    version    bigint      NOT NULL
);

-- Sales reps, keyed by their gateway identity (JWT sub). Territories are lists of codes; empty matches nothing.
CREATE TABLE rep (
    id                  text        PRIMARY KEY,
    name                text        NOT NULL,
    team_id             text        NOT NULL REFERENCES team (id),
    countries           text        NOT NULL,   -- JSON array of ISO 3166-1 alpha-2 codes
    prefectures         text        NOT NULL,   -- JSON array of prefecture names (東京都, 大阪府 …)
    industries          text        NOT NULL,   -- JSON array of industry names
    calendar            text,                   -- own CalendarDefinition JSON; null = the team's
    capacity            integer     NOT NULL,   -- relative weight in round-robin, and open leads at most
    out_of_office_from  date,
    out_of_office_to    date,
    routed              bigint      NOT NULL DEFAULT 0,  -- leads routed to the rep: the weighted round-robin's tally
    active              boolean     NOT NULL DEFAULT true,
    created_at          timestamptz NOT NULL,
    version             bigint      NOT NULL
);
CREATE INDEX rep_team ON rep (team_id);

-- What this service knows of a lead, from lead.events / score.events / activity.events and its own feedback.
CREATE TABLE lead_copy (
    id               text        PRIMARY KEY,
    name             text,
    company          text,
    email            text,
    country          text,
    prefecture       text,
    industry         text,
    source           text,
    campaign         text,
    owner_id         text,
    team_id          text,          -- the team whose pool holds it while unowned
    stage            text        NOT NULL,
    score            double precision,
    grade            text,
    last_activity_at timestamptz,
    mql_at           timestamptz,
    routed_at        timestamptz,
    accepted_at      timestamptz,
    first_touch_at   timestamptz,
    decided_at       timestamptz,   -- rejected, or a deal opened
    recycled_at      timestamptz,
    updated_at       timestamptz NOT NULL,
    version          bigint      NOT NULL
);
CREATE INDEX lead_copy_owner ON lead_copy (owner_id) WHERE owner_id IS NOT NULL;
CREATE INDEX lead_copy_pool ON lead_copy (team_id) WHERE owner_id IS NULL;

-- Reason codes for rejections: data, with labels and what a rejection for them does to the lead.
CREATE TABLE reason_code (
    code         text        PRIMARY KEY,
    label_ja     text        NOT NULL,
    label_en     text        NOT NULL,
    outcome      text        NOT NULL CHECK (outcome IN ('recycle', 'disqualify')),
    event_reason text        NOT NULL,   -- the RejectReason code of the LeadRejected event
    active       boolean     NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL,
    version      bigint      NOT NULL
);
INSERT INTO reason_code (code, label_ja, label_en, outcome, event_reason, created_at, version) VALUES
    ('no_budget',      '予算なし',       'No budget',                    'recycle',    'no_budget',             now(), 0),
    ('too_early',      '時期尚早',       'Too early',                    'recycle',    'bad_timing',            now(), 0),
    ('not_reachable',  '連絡つかず',     'Not reachable',                'recycle',    'not_reachable',         now(), 0),
    ('wrong_contact',  '担当者違い',     'Wrong contact person',         'recycle',    'needs_nurture',         now(), 0),
    ('competitor',     '競合採用',       'Chose a competitor',           'disqualify', 'competitor',            now(), 0),
    ('student',        '学生・個人',     'Student or individual',        'disqualify', 'student_or_job_seeker', now(), 0),
    ('not_a_fit',      '対象外',         'Not a fit',                    'disqualify', 'not_a_fit',             now(), 0),
    ('invalid_contact','連絡先不備',     'Invalid contact details',      'disqualify', 'invalid_contact',       now(), 0),
    ('duplicate',      '重複',           'Duplicate',                    'disqualify', 'duplicate',             now(), 0),
    ('sla_untouched',  'SLA超過（未対応）', 'SLA breached: untouched',    'recycle',    'needs_nurture',         now(), 0);

-- Everything a rep reported, as sent (accept, reject, touch, deal*, note): the lead's feedback history.
CREATE TABLE feedback (
    id          uuid        PRIMARY KEY,   -- derived from the Idempotency-Key: a retry is the same row
    lead_id     text        NOT NULL,
    rep_id      text        NOT NULL,
    kind        text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL,
    reason_code text,
    note        text,
    detail      text        NOT NULL     -- the item's JSON (touch type, duration, outcome, deal fields)
);
CREATE INDEX feedback_lead ON feedback (lead_id, occurred_at);
CREATE INDEX feedback_kind_time ON feedback (kind, occurred_at);

-- Deals: money as NUMERIC with its ISO 4217 currency, exact.
CREATE TABLE deal (
    id           text          PRIMARY KEY,
    lead_id      text          NOT NULL,
    owner_id     text          NOT NULL,
    name         text,
    stage        text          NOT NULL,
    status       text          NOT NULL CHECK (status IN ('open', 'won', 'lost')),
    amount       numeric(19,4),
    currency     text CHECK (currency ~ '^[A-Z]{3}$'),
    close_date   date,
    loss_reason  text,
    opened_at    timestamptz   NOT NULL,
    closed_at    timestamptz,
    version      bigint        NOT NULL
);
CREATE INDEX deal_lead ON deal (lead_id);
CREATE INDEX deal_closed ON deal (status, closed_at);

-- Funnel facts: a lead entered a stage at a time (from lead.events' stage changes and this service's feedback).
CREATE TABLE stage_fact (
    lead_id   text        NOT NULL,
    stage     text        NOT NULL,
    at        timestamptz NOT NULL,
    event_id  uuid        NOT NULL UNIQUE,
    PRIMARY KEY (lead_id, stage, at)
);
CREATE INDEX stage_fact_stage_at ON stage_fact (stage, at);
