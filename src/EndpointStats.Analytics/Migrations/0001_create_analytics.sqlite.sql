-- Times are Unix microseconds (UTC). Same model as PostgreSQL; SQLite has neither partitions nor BRIN, so the event id
-- is the primary key (dedupe) and time has an ordinary index; retention deletes by time.
CREATE TABLE analytics_events (
    id BLOB NOT NULL PRIMARY KEY,
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
    is_error INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX analytics_events_ts ON analytics_events (ts);

CREATE TABLE analytics_rollups (
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
    response_bytes INTEGER NOT NULL,
    PRIMARY KEY (route, method, hour)
);
CREATE INDEX analytics_rollups_hour ON analytics_rollups (hour);

-- The same sketches merged per day, so week- and month-long queries read a few rows per route.
CREATE TABLE analytics_rollups_daily (
    route TEXT NOT NULL,
    method TEXT NOT NULL,
    day INTEGER NOT NULL,
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
    response_bytes INTEGER NOT NULL,
    PRIMARY KEY (route, method, day)
);
CREATE INDEX analytics_rollups_daily_day ON analytics_rollups_daily (day);
