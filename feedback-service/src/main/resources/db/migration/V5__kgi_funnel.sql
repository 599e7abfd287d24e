-- The KGI read model, kept as facts arrive (service/KgiFunnel) so that GET /kgi reads small tables.
--
-- One row per lead that has funnel facts: its dimensions (as lead_copy has them now), the stages and periods it
-- entered ('mql@2026-05', 'mql@2026-Q2'; mql, sql, opportunity only: the counts the KGI shows), the first time at
-- each stage and the business days between them on the company calendar (computed in Java, hence days_pending
-- until the service has computed them for rows this migration or kgi_funnel_rebuild wrote).
CREATE TABLE lead_funnel (
    lead_id                   text          PRIMARY KEY,
    source                    text,
    campaign                  text,
    owner_id                  text,
    entered                   text[]        NOT NULL,
    mql_at                    timestamptz,
    sql_at                    timestamptz,
    opportunity_at            timestamptz,
    customer_at               timestamptz,
    mql_sql_days              numeric(9,2),
    sql_opportunity_days      numeric(9,2),
    opportunity_customer_days numeric(9,2),
    days_pending              boolean       NOT NULL DEFAULT false
);
CREATE INDEX lead_funnel_pending ON lead_funnel (lead_id) WHERE days_pending;
CREATE INDEX lead_funnel_sql_at ON lead_funnel (sql_at) WHERE days_pending;
CREATE INDEX lead_funnel_opportunity_at ON lead_funnel (opportunity_at) WHERE days_pending;
CREATE INDEX lead_funnel_customer_at ON lead_funnel (customer_at) WHERE days_pending;

-- Leads that entered a stage in a period, per dimension combination: the sum over a stage is the period's count
-- of distinct leads (each lead sits in one combination). Teams are the owners' teams, joined when read.
CREATE TABLE kgi_count (
    period   text   NOT NULL,
    stage    text   NOT NULL,
    source   text,
    campaign text,
    owner_id text,
    leads    bigint NOT NULL,
    CONSTRAINT kgi_count_key UNIQUE NULLS NOT DISTINCT (period, stage, source, campaign, owner_id)
);

-- Velocity as a histogram: leads whose first arrival at a step's later stage fell in the period, per owner and
-- business days since the first arrival at the earlier stage; the median is read from the cumulative counts.
CREATE TABLE kgi_velocity (
    period   text          NOT NULL,
    step     text          NOT NULL CHECK (step IN ('mql_sql', 'sql_opportunity', 'opportunity_customer')),
    owner_id text,
    days     numeric(9,2)  NOT NULL,
    leads    bigint        NOT NULL,
    CONSTRAINT kgi_velocity_key UNIQUE NULLS NOT DISTINCT (period, step, owner_id, days)
);

-- Rebuilds the counts from stage_fact and lead_copy; velocity follows as the service computes the pending days.
-- Run here once (the backfill) and by the KGI benchmark after it generates facts.
CREATE FUNCTION kgi_funnel_rebuild(zone text) RETURNS void LANGUAGE sql AS $$
    DELETE FROM kgi_count;
    DELETE FROM kgi_velocity;
    DELETE FROM lead_funnel;
    INSERT INTO lead_funnel (lead_id, source, campaign, owner_id, entered, mql_at, sql_at, opportunity_at,
                             customer_at, days_pending)
    SELECT f.lead_id, min(l.source), min(l.campaign), min(l.owner_id),
           coalesce(array_agg(DISTINCT f.stage || '@' || p.code) FILTER (WHERE f.stage IN ('mql', 'sql', 'opportunity')),
                    '{}'),
           min(f.at) FILTER (WHERE f.stage = 'mql'), min(f.at) FILTER (WHERE f.stage = 'sql'),
           min(f.at) FILTER (WHERE f.stage = 'opportunity'), min(f.at) FILTER (WHERE f.stage = 'customer'), true
    FROM stage_fact f
    LEFT JOIN lead_copy l ON l.id = f.lead_id
    CROSS JOIN LATERAL (VALUES (to_char(f.at AT TIME ZONE zone, 'YYYY-MM')),
                               (to_char(f.at AT TIME ZONE zone, 'YYYY-"Q"Q'))) p(code)
    WHERE f.stage IN ('mql', 'sql', 'opportunity', 'customer')
    GROUP BY f.lead_id;
    UPDATE lead_funnel SET days_pending = false
    WHERE (sql_at >= mql_at OR opportunity_at >= sql_at OR customer_at >= opportunity_at) IS NOT TRUE;
    INSERT INTO kgi_count (period, stage, source, campaign, owner_id, leads)
    SELECT split_part(e, '@', 2), split_part(e, '@', 1), source, campaign, owner_id, count(*)
    FROM lead_funnel, unnest(entered) e
    GROUP BY 1, 2, 3, 4, 5;
$$;

SELECT kgi_funnel_rebuild('${company_zone}');
