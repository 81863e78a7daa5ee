-- The published metadata: devices, metrics, typed properties, append-only versions, rename lineage.
-- Contract: spec/schema.md. Names of tables, columns and constraints are fixed.

CREATE SCHEMA IF NOT EXISTS uns_meta;

CREATE TYPE uns_meta.spb_property_type AS ENUM ('int', 'long', 'float', 'double', 'string', 'boolean');

-- Moves updated_at only when the row really changed, so a no-op UPDATE keeps the old timestamp.
-- Generated columns are not computed yet in a BEFORE trigger, so they are left out of the comparison.
CREATE FUNCTION uns_meta.set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF to_jsonb(NEW) - 'updated_at' - 'canary_id' IS DISTINCT FROM to_jsonb(OLD) - 'updated_at' - 'canary_id' THEN
    NEW.updated_at := now();
  ELSE
    NEW.updated_at := OLD.updated_at;
  END IF;
  RETURN NEW;
END;
$$;

CREATE TABLE uns_meta.devices (
  device_id     bigserial PRIMARY KEY,
  group_id      text NOT NULL,
  edge          text NOT NULL,
  device        text NOT NULL,
  country       text NULL,
  business_unit text NULL,
  plant         text NULL,
  uns_path      text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT uq_devices_spb_identity UNIQUE (group_id, edge, device),
  CONSTRAINT uq_devices_uns_path UNIQUE (uns_path)
);

CREATE TABLE uns_meta.metrics (
  metric_id  bigserial PRIMARY KEY,
  device_id  bigint NOT NULL REFERENCES uns_meta.devices (device_id) ON DELETE CASCADE,
  name       text NOT NULL,
  uns_path   text NOT NULL,
  canary_id  text GENERATED ALWAYS AS (replace(uns_path, '/', '.')) STORED,
  datatype   text NOT NULL,
  alias      bigint NULL,
  retired_at timestamptz NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT uq_metric_spb_identity UNIQUE (device_id, name),
  CONSTRAINT uq_metrics_uns_path UNIQUE (uns_path)
);
-- device_id is covered by the leading column of uq_metric_spb_identity: no second index.
CREATE INDEX idx_metrics_canary_id ON uns_meta.metrics (canary_id);

-- The foreign key is DEFERRABLE (checked per row immediately unless a transaction defers it): the
-- first birth of a device streams its properties straight in before the metric rows are inserted.
CREATE TABLE uns_meta.metric_properties (
  metric_id    bigint NOT NULL,
  key          text NOT NULL,
  type         uns_meta.spb_property_type NOT NULL,
  value_int    integer NULL,
  value_long   bigint NULL,
  value_float  real NULL,
  value_double double precision NULL,
  value_string text NULL,
  value_bool   boolean NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT metric_properties_pkey PRIMARY KEY (metric_id, key),
  CONSTRAINT metric_properties_metric_id_fkey FOREIGN KEY (metric_id) REFERENCES uns_meta.metrics (metric_id)
    ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
  CONSTRAINT chk_metric_properties_type_value CHECK (
    (value_int IS NOT NULL)::int + (value_long IS NOT NULL)::int + (value_float IS NOT NULL)::int
    + (value_double IS NOT NULL)::int + (value_string IS NOT NULL)::int + (value_bool IS NOT NULL)::int = 1
    AND CASE type
      WHEN 'int' THEN value_int IS NOT NULL
      WHEN 'long' THEN value_long IS NOT NULL
      WHEN 'float' THEN value_float IS NOT NULL
      WHEN 'double' THEN value_double IS NOT NULL
      WHEN 'string' THEN value_string IS NOT NULL
      WHEN 'boolean' THEN value_bool IS NOT NULL
    END
  )
);
CREATE INDEX idx_metric_properties_metric_updated ON uns_meta.metric_properties (metric_id, updated_at DESC);

CREATE TABLE uns_meta.metric_versions (
  version_id bigserial PRIMARY KEY,
  metric_id  bigint NOT NULL REFERENCES uns_meta.metrics (metric_id) ON DELETE CASCADE,
  changed_at timestamptz NOT NULL DEFAULT now(),
  changed_by text NOT NULL DEFAULT 'system',
  diff       jsonb NOT NULL
);
CREATE INDEX idx_metric_versions_metric_changed ON uns_meta.metric_versions (metric_id, changed_at DESC);

CREATE TABLE uns_meta.metric_path_lineage (
  lineage_id   bigserial PRIMARY KEY,
  metric_id    bigint NOT NULL REFERENCES uns_meta.metrics (metric_id) ON DELETE CASCADE,
  old_uns_path text NOT NULL,
  new_uns_path text NOT NULL,
  changed_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT uq_lineage UNIQUE (metric_id, old_uns_path, new_uns_path)
);
CREATE INDEX idx_lineage_old_path ON uns_meta.metric_path_lineage (old_uns_path);
CREATE INDEX idx_lineage_new_path ON uns_meta.metric_path_lineage (new_uns_path);

CREATE TRIGGER trg_devices_updated_at BEFORE UPDATE ON uns_meta.devices
  FOR EACH ROW EXECUTE FUNCTION uns_meta.set_updated_at();
CREATE TRIGGER trg_metrics_updated_at BEFORE UPDATE ON uns_meta.metrics
  FOR EACH ROW EXECUTE FUNCTION uns_meta.set_updated_at();
CREATE TRIGGER trg_metric_properties_updated_at BEFORE UPDATE ON uns_meta.metric_properties
  FOR EACH ROW EXECUTE FUNCTION uns_meta.set_updated_at();
