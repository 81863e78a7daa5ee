DROP TABLE uns_meta_sync.template_definitions;
ALTER TABLE uns_meta.metrics DROP COLUMN metadata;
