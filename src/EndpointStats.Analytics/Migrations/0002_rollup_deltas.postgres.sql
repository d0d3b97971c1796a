-- Rollup deltas: each ingestion batch appends its per (route, method, hour) aggregate here with COPY instead of rewriting
-- rollup rows, so writers neither read nor lock the rollups. The compactor folds deltas into the hourly and daily tables
-- in one transaction; queries read rollups and pending deltas together, in one statement.
CREATE TABLE analytics_rollup_deltas (LIKE analytics_rollups);
