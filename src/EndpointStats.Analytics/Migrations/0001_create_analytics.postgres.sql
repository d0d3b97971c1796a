-- Raw events: one partition per day (created ahead by maintenance and on demand by the writer), a BRIN index on time
-- and no btree, so bulk COPY stays cheap; retention drops whole partitions.
CREATE TABLE analytics_events (
    id uuid NOT NULL,
    ts timestamptz NOT NULL,
    route text NOT NULL,
    method text NOT NULL,
    status smallint NOT NULL,
    duration_ms double precision NOT NULL,
    client_ip text,
    user_id text,
    user_agent text,
    pod_name text,
    request_bytes bigint NOT NULL DEFAULT 0,
    response_bytes bigint NOT NULL DEFAULT 0,
    is_error boolean NOT NULL DEFAULT false
) PARTITION BY RANGE (ts);
CREATE INDEX analytics_events_ts_brin ON analytics_events USING brin (ts);

-- Event ids seen, for idempotent ingestion: narrow, partitioned like the events and dropped with them. Ids are
-- UUIDv7 (time-ordered), so the primary key grows at its right edge.
CREATE TABLE analytics_event_ids (
    id uuid NOT NULL,
    ts timestamptz NOT NULL,
    PRIMARY KEY (id, ts)
) PARTITION BY RANGE (ts);

CREATE TABLE analytics_rollups (
    route text NOT NULL,
    method text NOT NULL,
    hour timestamptz NOT NULL,
    total bigint NOT NULL,
    s0 bigint NOT NULL, s1 bigint NOT NULL, s2 bigint NOT NULL, s3 bigint NOT NULL, s4 bigint NOT NULL, s5 bigint NOT NULL,
    errors bigint NOT NULL,
    latency_sum double precision NOT NULL,
    latency_min double precision NOT NULL,
    latency_max double precision NOT NULL,
    histogram bytea NOT NULL,
    clients bytea NOT NULL,
    last_seen timestamptz NOT NULL,
    request_bytes bigint NOT NULL,
    response_bytes bigint NOT NULL,
    PRIMARY KEY (route, method, hour)
);
CREATE INDEX analytics_rollups_hour ON analytics_rollups (hour);

-- The same sketches merged per day, so week- and month-long queries read a few rows per route.
CREATE TABLE analytics_rollups_daily (LIKE analytics_rollups INCLUDING ALL);
ALTER TABLE analytics_rollups_daily RENAME COLUMN hour TO day;
