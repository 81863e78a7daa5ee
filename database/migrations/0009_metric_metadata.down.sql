ALTER TABLE uns_meta.metrics DROP COLUMN metadata;
