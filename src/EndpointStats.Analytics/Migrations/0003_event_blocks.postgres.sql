-- Nothing changes on PostgreSQL: this version moves SQLite's raw events into blocks (0003_event_blocks.sqlite.sql);
-- PostgreSQL keeps one row per event in daily partitions, written with COPY.
SELECT 1;
