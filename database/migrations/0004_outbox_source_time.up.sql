-- When the change behind an outbox row entered the system (its birth's arrival, else its commit):
-- the Canary writer measures e2e_latency_seconds from it. Null for rows without a source (backfill).
ALTER TABLE uns_meta_sync.canary_outbox ADD COLUMN source_at timestamptz NULL;
