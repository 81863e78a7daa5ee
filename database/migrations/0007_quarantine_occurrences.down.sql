DROP INDEX uns_meta_sync.idx_check_runs_started;
ALTER TABLE uns_meta_sync.quarantine DROP COLUMN last_seen_at, DROP COLUMN occurrences;
