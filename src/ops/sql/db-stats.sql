-- db.stats (daily): the cumulative counters of pg_stat_database for this database (deadlocks, block
-- read/write time in ms, recovery conflicts, temporary file bytes), when they were last reset, and
-- whether track_io_timing is on (without it the two time counters stay 0).
-- The check stores these counters and compares their deltas between runs; this query only reads them.
-- Run: psql -d uns_metadata -f db-stats.sql
SELECT d.datname AS database,
       d.deadlocks::float8 AS deadlocks,
       d.blk_read_time::float8 AS blk_read_time,
       d.blk_write_time::float8 AS blk_write_time,
       d.conflicts::float8 AS conflicts,
       d.temp_bytes::float8 AS temp_bytes,
       d.stats_reset,
       current_setting('track_io_timing') AS track_io_timing
FROM pg_stat_database d
WHERE d.datname = current_database();
