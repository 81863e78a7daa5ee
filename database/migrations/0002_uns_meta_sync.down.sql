DROP FUNCTION uns_meta_sync.property_json(uns_meta.spb_property_type, integer, bigint, real, double precision, text, boolean);
DROP TABLE uns_meta_sync.check_runs;
DROP TABLE uns_meta_sync.canary_dead_letters;
DROP TABLE uns_meta_sync.canary_outbox;
DROP TABLE uns_meta_sync.quarantine;
DROP TABLE uns_meta_sync.aliases;
DROP TABLE uns_meta_sync.births;
