DROP TABLE uns_meta_sync.cdc_snapshots;
DROP TABLE uns_meta_sync.canary_drift;
DROP TABLE uns_meta_sync.canary_deliveries;
DROP TABLE uns_meta_sync.canary_conflicts;
DROP TABLE uns_meta_sync.canary_tag_owners;
