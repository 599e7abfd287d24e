-- Bucket4j's token buckets, shared by every gateway replica (PostgreSQLSelectForUpdateBasedProxyManager).
-- id: "<policy>:<subject>" (a user's sub, an API key id, an IP, a login account); state: Bucket4j's own encoding;
-- expires_at: epoch millis after which the bucket is full again and the row can go (GatewayRateLimiter purges).
CREATE TABLE rate_limit_bucket (
    id         VARCHAR(300) PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);
CREATE INDEX rate_limit_bucket_expires_at ON rate_limit_bucket (expires_at);
