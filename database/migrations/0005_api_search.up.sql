-- For the web API: a fragment anywhere in a metric path is found through a trigram index (pg_trgm is a
-- trusted extension, so the owning role may create it); paths are paged in byte order ("C") so a prefix
-- is one index range whatever the database collation; quarantine entries get an operator status.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX idx_metrics_uns_path_trgm ON uns_meta.metrics USING gin (uns_path public.gin_trgm_ops);
CREATE INDEX idx_metrics_uns_path_c ON uns_meta.metrics (uns_path COLLATE "C");
ALTER TABLE uns_meta_sync.quarantine ADD COLUMN status text NOT NULL DEFAULT 'open'
  CONSTRAINT chk_quarantine_status CHECK (status IN ('open', 'retried', 'dropped'));
