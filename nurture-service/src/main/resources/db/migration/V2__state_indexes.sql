-- Enrolment states are stored as the enum names (ACTIVE, PAUSED). V1's partial indexes named them in lower case and
-- so held no row: every claim scanned and sorted the whole enrolment table, and one open enrolment per lead and
-- campaign was checked only by the service, not by the database.
drop index enrollment_one_open;
drop index enrollment_due;
create unique index enrollment_one_open on enrollment (campaign_id, lead_id) where state in ('ACTIVE', 'PAUSED');
create index enrollment_due on enrollment (next_action_at) where state = 'ACTIVE';
