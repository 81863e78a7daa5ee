-- Logical replication source for CDC. The slot (uns_meta_slot, pgoutput) is created by the service.
CREATE PUBLICATION uns_meta_pub FOR TABLE uns_meta.metrics, uns_meta.metric_properties;
