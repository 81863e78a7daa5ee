ALTER TABLE uns_meta_sync.device_fingerprints DROP COLUMN declarations;
