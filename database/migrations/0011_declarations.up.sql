-- What each active metric of a device was last declared as: per metric its id and the md5 of its
-- declaration (identity-fingerprint.ts, declarationHashes), after the salt of the device's rules.
-- Kept with the device's identity fingerprint and forgotten with it, so it always describes the rows
-- as they are. A rebirth that changes 1 % of its metrics matches the other 99 % here, by hash, and
-- reads neither those metrics nor their stored rows (B3). Random bytes do not compress: stored as is.
ALTER TABLE uns_meta_sync.device_fingerprints ADD COLUMN declarations bytea;
ALTER TABLE uns_meta_sync.device_fingerprints ALTER COLUMN declarations SET STORAGE EXTERNAL;
