-- The identity fingerprint (src/sparkplug/identity-fingerprint.ts) of the last birth of each device that
-- the writer applied without a single problem: a rebirth with the same fingerprint declares exactly the
-- metrics the device's rows were derived from, so it is applied without decoding a metric (B2).
-- A cache like metric_fingerprints, so UNLOGGED: after a crash it is empty and the next birth of each
-- device goes metric by metric. Every change to the device's rows made outside the birth writer forgets
-- it (the triggers below), and so does emptying metric_fingerprints, whose refill needs a full birth.
CREATE UNLOGGED TABLE uns_meta_sync.device_fingerprints (
  device_id bigint NOT NULL,
  fp        bytea  NOT NULL,
  metrics   integer NOT NULL,
  CONSTRAINT device_fingerprints_pkey PRIMARY KEY (device_id)
);

CREATE OR REPLACE FUNCTION uns_meta_sync.forget_fingerprint() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM uns_meta_sync.metric_fingerprints WHERE metric_id IN (NEW.metric_id, OLD.metric_id);
  DELETE FROM uns_meta_sync.device_fingerprints
   WHERE device_id IN (SELECT device_id FROM uns_meta.metrics WHERE metric_id IN (NEW.metric_id, OLD.metric_id));
  RETURN NULL;
END;
$$;

CREATE FUNCTION uns_meta_sync.forget_device_fingerprint() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM uns_meta_sync.device_fingerprints WHERE device_id IN (NEW.device_id, OLD.device_id);
  RETURN NULL;
END;
$$;

-- A metric row changed outside the writer (a rename, a retire by hand) is compared in full next time.
CREATE FUNCTION uns_meta_sync.forget_metric_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM uns_meta_sync.metric_fingerprints WHERE metric_id IN (NEW.metric_id, OLD.metric_id);
  DELETE FROM uns_meta_sync.device_fingerprints WHERE device_id IN (NEW.device_id, OLD.device_id);
  RETURN NULL;
END;
$$;

CREATE TRIGGER trg_metrics_forget_fingerprints
  AFTER INSERT OR UPDATE OR DELETE ON uns_meta.metrics
  FOR EACH ROW WHEN (current_setting('uns_meta.birth_writer', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION uns_meta_sync.forget_metric_row();

CREATE TRIGGER trg_devices_forget_device_fingerprint
  AFTER UPDATE OR DELETE ON uns_meta.devices
  FOR EACH ROW WHEN (current_setting('uns_meta.birth_writer', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION uns_meta_sync.forget_device_fingerprint();

-- TRUNCATE fires no row trigger: emptying any of these tables empties both caches.
CREATE FUNCTION uns_meta_sync.forget_all_fingerprints() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM uns_meta_sync.device_fingerprints;
  IF TG_TABLE_NAME <> 'metric_fingerprints' THEN
    DELETE FROM uns_meta_sync.metric_fingerprints;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER trg_metric_fingerprints_truncate AFTER TRUNCATE ON uns_meta_sync.metric_fingerprints
  FOR EACH STATEMENT EXECUTE FUNCTION uns_meta_sync.forget_all_fingerprints();
CREATE TRIGGER trg_devices_truncate AFTER TRUNCATE ON uns_meta.devices
  FOR EACH STATEMENT EXECUTE FUNCTION uns_meta_sync.forget_all_fingerprints();
CREATE TRIGGER trg_metrics_truncate AFTER TRUNCATE ON uns_meta.metrics
  FOR EACH STATEMENT EXECUTE FUNCTION uns_meta_sync.forget_all_fingerprints();
CREATE TRIGGER trg_metric_properties_truncate AFTER TRUNCATE ON uns_meta.metric_properties
  FOR EACH STATEMENT EXECUTE FUNCTION uns_meta_sync.forget_all_fingerprints();

-- The birth writer updates only rows that really changed and sets updated_at itself: the per-row
-- comparison of the whole row as jsonb (set_updated_at) is for everyone else. A 1 % delta of a
-- 98k-metric birth updates ~8,000 property rows, and that comparison was a third of their cost.
DROP TRIGGER trg_metrics_updated_at ON uns_meta.metrics;
CREATE TRIGGER trg_metrics_updated_at BEFORE UPDATE ON uns_meta.metrics
  FOR EACH ROW WHEN (current_setting('uns_meta.birth_writer', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION uns_meta.set_updated_at();
DROP TRIGGER trg_metric_properties_updated_at ON uns_meta.metric_properties;
CREATE TRIGGER trg_metric_properties_updated_at BEFORE UPDATE ON uns_meta.metric_properties
  FOR EACH ROW WHEN (current_setting('uns_meta.birth_writer', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION uns_meta.set_updated_at();
