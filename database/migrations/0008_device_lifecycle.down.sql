DROP VIEW uns_meta.device_status;
DROP TABLE uns_meta_sync.device_lifecycle;
DROP INDEX uns_meta_sync.idx_aliases_node_alias;
ALTER TABLE uns_meta_sync.births DROP COLUMN bdseq;
