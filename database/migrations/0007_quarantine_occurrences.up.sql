-- A malformed message repeated by a misconfigured publisher is one quarantine row per topic, reason and
-- window (QUARANTINE_WINDOW_SECONDS) with a count, not one row per message.
ALTER TABLE uns_meta_sync.quarantine
  ADD COLUMN occurrences integer NOT NULL DEFAULT 1,
  ADD COLUMN last_seen_at timestamptz NULL;
-- Retention (OPS_RETENTION_DAYS) deletes by age: resolved dead letters by failed_at, check runs by started_at.
CREATE INDEX idx_check_runs_started ON uns_meta_sync.check_runs (started_at);
