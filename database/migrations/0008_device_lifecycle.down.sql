DROP VIEW uns_meta.device_status;
DROP TABLE uns_meta_sync.device_lifecycle;
ALTER TABLE uns_meta_sync.births DROP COLUMN bdseq;
