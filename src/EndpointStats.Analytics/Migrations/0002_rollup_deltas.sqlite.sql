-- Raw events keyed by (ts, id): one B-tree instead of an id primary key plus a time index, clustered by time for range
-- reads. Deduplication is on (id, ts), as on PostgreSQL (analytics_event_ids): a replay carries both unchanged.
CREATE TABLE analytics_events_by_time (
    id BLOB NOT NULL,
    ts INTEGER NOT NULL,
    route TEXT NOT NULL,
    method TEXT NOT NULL,
    status INTEGER NOT NULL,
    duration_ms REAL NOT NULL,
    client_ip TEXT,
    user_id TEXT,
    user_agent TEXT,
    pod_name TEXT,
    request_bytes INTEGER NOT NULL DEFAULT 0,
    response_bytes INTEGER NOT NULL DEFAULT 0,
    is_error INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (ts, id)
) WITHOUT ROWID;
INSERT INTO analytics_events_by_time
    SELECT id, ts, route, method, status, duration_ms, client_ip, user_id, user_agent, pod_name, request_bytes, response_bytes, is_error
    FROM analytics_events;
DROP TABLE analytics_events;
ALTER TABLE analytics_events_by_time RENAME TO analytics_events;

-- Rollup deltas, as on PostgreSQL: appended per batch, folded into the rollups by the compactor (oldest rowid first).
CREATE TABLE analytics_rollup_deltas (
    route TEXT NOT NULL,
    method TEXT NOT NULL,
    hour INTEGER NOT NULL,
    total INTEGER NOT NULL,
    s0 INTEGER NOT NULL, s1 INTEGER NOT NULL, s2 INTEGER NOT NULL, s3 INTEGER NOT NULL, s4 INTEGER NOT NULL, s5 INTEGER NOT NULL,
    errors INTEGER NOT NULL,
    latency_sum REAL NOT NULL,
    latency_min REAL NOT NULL,
    latency_max REAL NOT NULL,
    histogram BLOB NOT NULL,
    clients BLOB NOT NULL,
    last_seen INTEGER NOT NULL,
    request_bytes INTEGER NOT NULL,
    response_bytes INTEGER NOT NULL
);
