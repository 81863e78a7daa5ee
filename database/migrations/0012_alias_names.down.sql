DROP INDEX uns_meta_sync.idx_aliases_name;
