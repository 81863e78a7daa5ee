ALTER TABLE uns_meta_sync.metric_fingerprints DROP COLUMN raw_fp;
DROP TABLE uns_meta_sync.template_definitions;
ALTER TABLE uns_meta.metrics DROP COLUMN metadata;
