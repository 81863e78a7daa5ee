ALTER TABLE uns_meta_sync.canary_outbox DROP COLUMN source_at;
