-- What nurture-service announced (nurture.events), one row per event, for the weekly digest's nurture figures.
CREATE TABLE nurture_fact (
    event_id    uuid        PRIMARY KEY,
    lead_id     text        NOT NULL,
    kind        text        NOT NULL,   -- email_sent, email_bounced, email_complained, unsubscribed, enrollment_started, enrollment_exited
    campaign_id text,
    detail      text,                   -- the exit reason (goal_reached, ...) or the bounce type
    at          timestamptz NOT NULL
);
CREATE INDEX nurture_fact_at ON nurture_fact (at);
CREATE INDEX nurture_fact_lead ON nurture_fact (lead_id);
