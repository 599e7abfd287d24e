-- The primary score's top reasons (ScoreChanged.topReasons) as a JSON array [{label, points}], shown in the queue.
ALTER TABLE lead_copy ADD COLUMN top_reasons text;
-- Set when the lead was erased (LeadErased): its personal data is gone and it leaves every rep's queue.
ALTER TABLE lead_copy ADD COLUMN erased_at timestamptz;
