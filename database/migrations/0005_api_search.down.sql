ALTER TABLE uns_meta_sync.quarantine DROP COLUMN status;
DROP INDEX uns_meta.idx_metrics_uns_path_c;
DROP INDEX uns_meta.idx_metrics_uns_path_trgm;
DROP EXTENSION IF EXISTS pg_trgm;
