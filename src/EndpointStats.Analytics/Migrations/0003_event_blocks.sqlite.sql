-- Raw events in blocks: each write appends its new events, oldest first, as one row per block (see EventBlock.cs for the
-- encoding) instead of one row per event. A block spans at most one hour and holds at most 8,192 events; range reads
-- look at the blocks that start at most an hour before the range.
CREATE TABLE analytics_event_blocks (
    id INTEGER PRIMARY KEY,
    first_ts INTEGER NOT NULL,
    last_ts INTEGER NOT NULL,
    events INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE INDEX analytics_event_blocks_time ON analytics_event_blocks (first_ts, last_ts);

-- The ids of events that may be replayed (those that came through the collect endpoints), as on PostgreSQL: a replay
-- carries the same (ts, id) and is ignored. Events recorded in-process are offered once and are not listed.
CREATE TABLE analytics_event_ids (
    ts INTEGER NOT NULL,
    id BLOB NOT NULL,
    PRIMARY KEY (ts, id)
) WITHOUT ROWID;
INSERT INTO analytics_event_ids SELECT ts, id FROM analytics_events;

-- The rows stored before blocks: the SQLite store moves them into blocks when it starts, then drops this table.
ALTER TABLE analytics_events RENAME TO analytics_events_before_blocks;
