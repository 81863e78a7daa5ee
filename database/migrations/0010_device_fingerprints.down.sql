DROP TRIGGER trg_metric_fingerprints_truncate ON uns_meta_sync.metric_fingerprints;
DROP FUNCTION uns_meta_sync.forget_device_fingerprints();
DROP TRIGGER trg_devices_forget_device_fingerprint ON uns_meta.devices;
DROP TRIGGER trg_metrics_forget_device_fingerprint ON uns_meta.metrics;
DROP FUNCTION uns_meta_sync.forget_device_fingerprint();
CREATE OR REPLACE FUNCTION uns_meta_sync.forget_fingerprint() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM uns_meta_sync.metric_fingerprints WHERE metric_id IN (NEW.metric_id, OLD.metric_id);
  RETURN NULL;
END;
$$;
DROP TABLE uns_meta_sync.device_fingerprints;
