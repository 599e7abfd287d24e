-- Templates: per-locale subject/HTML/text (Qute), stored as one JSON document.
create table template (
    id uuid primary key,
    name text not null,
    default_locale text not null,
    locales text not null,
    version bigint not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

-- Campaigns as data: the definition (trigger, steps, goals, window, re-enrolment) is one validated JSON document.
create table campaign (
    id uuid primary key,
    name text not null,
    state text not null,
    definition text not null,
    state_reason text,
    version bigint not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

-- What nurture keeps of a lead, fed from lead.events and score.events.
create table lead_contact (
    lead_id text primary key,
    email text,
    first_name text,
    last_name text,
    company text,
    job_title text,
    country text,
    timezone text,
    locale text,
    owner_id text,
    email_consent boolean,
    stage text,
    attributes text not null default '{}',
    scores text not null default '{}',
    merged_into text,
    updated_at timestamptz not null
);

-- Owner (sales rep) details for templates and owner-sent mail, learned from the rep's token claims.
create table owner_profile (
    owner_id text primary key,
    name text,
    title text,
    signature text,
    email text
);

-- Addresses that must never be mailed again (unsubscribed, hard bounce, complaint).
create table suppression (
    email text primary key,
    reason text not null,
    lead_id text,
    at timestamptz not null
);

create table enrollment (
    id uuid primary key,
    campaign_id uuid not null references campaign (id),
    lead_id text not null,
    state text not null,
    step_id text,
    step_started_at timestamptz,
    next_action_at timestamptz,
    attempts integer not null default 0,
    variant text,
    enrolled_by text,
    pause_reason text,
    paused_by text,
    exit_reason text,
    started_at timestamptz not null,
    ended_at timestamptz,
    version bigint not null
);
-- One active (or paused) enrolment per lead per campaign.
create unique index enrollment_one_open on enrollment (campaign_id, lead_id) where state in ('active', 'paused');
-- The claim: due active enrolments in due order, read with FOR UPDATE SKIP LOCKED.
create index enrollment_due on enrollment (next_action_at) where state = 'active';
create index enrollment_lead on enrollment (lead_id);

-- One row per message handed to SMTP; (enrollment, step) unique so no replica ever sends a step twice.
create table send_log (
    id uuid primary key,
    enrollment_id uuid not null,
    step_id text not null,
    campaign_id uuid not null,
    lead_id text not null,
    email text,
    variant text,
    subject text,
    link_count integer not null default 0,
    sent_at timestamptz not null,
    first_open_at timestamptz,
    first_human_open_at timestamptz,
    first_click_at timestamptz,
    first_human_click_at timestamptz,
    bounce_type text,
    complained boolean not null default false,
    unsubscribed boolean not null default false,
    constraint send_log_once unique (enrollment_id, step_id)
);
create index send_log_lead_sent on send_log (lead_id, sent_at);
create index send_log_campaign_sent on send_log (campaign_id, sent_at);
create index send_log_sent on send_log (sent_at);

-- Opens and clicks as they came, with the bot signals' verdict.
create table tracking_event (
    id bigserial primary key,
    message_id uuid not null,
    kind text not null,
    url text,
    at timestamptz not null,
    user_agent text,
    bot_confidence double precision not null
);
create index tracking_event_message on tracking_event (message_id, at);

-- When a lead reached sql or beyond, for conversions.
create table lead_conversion (
    lead_id text primary key,
    converted_at timestamptz not null
);
