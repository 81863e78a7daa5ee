DROP TRIGGER trg_metric_properties_updated_at ON uns_meta.metric_properties;
CREATE TRIGGER trg_metric_properties_updated_at BEFORE UPDATE ON uns_meta.metric_properties
  FOR EACH ROW EXECUTE FUNCTION uns_meta.set_updated_at();
DROP TRIGGER trg_metrics_updated_at ON uns_meta.metrics;
CREATE TRIGGER trg_metrics_updated_at BEFORE UPDATE ON uns_meta.metrics
  FOR EACH ROW EXECUTE FUNCTION uns_meta.set_updated_at();
DROP TRIGGER trg_metric_properties_truncate ON uns_meta.metric_properties;
DROP TRIGGER trg_metrics_truncate ON uns_meta.metrics;
DROP TRIGGER trg_devices_truncate ON uns_meta.devices;
DROP TRIGGER trg_metric_fingerprints_truncate ON uns_meta_sync.metric_fingerprints;
DROP FUNCTION uns_meta_sync.forget_all_fingerprints();
DROP TRIGGER trg_devices_forget_device_fingerprint ON uns_meta.devices;
DROP TRIGGER trg_metrics_forget_fingerprints ON uns_meta.metrics;
DROP FUNCTION uns_meta_sync.forget_metric_row();
DROP FUNCTION uns_meta_sync.forget_device_fingerprint();
CREATE OR REPLACE FUNCTION uns_meta_sync.forget_fingerprint() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM uns_meta_sync.metric_fingerprints WHERE metric_id IN (NEW.metric_id, OLD.metric_id);
  RETURN NULL;
END;
$$;
DROP TABLE uns_meta_sync.device_fingerprints;
