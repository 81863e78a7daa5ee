DROP TABLE uns_meta.metric_path_lineage;
DROP TABLE uns_meta.metric_versions;
DROP TABLE uns_meta.metric_properties;
DROP TABLE uns_meta.metrics;
DROP TABLE uns_meta.devices;
DROP FUNCTION uns_meta.set_updated_at();
DROP TYPE uns_meta.spb_property_type;
DROP SCHEMA uns_meta;
