-- What the service knows about Canary, as facts rather than defaults: which metric owns each Canary tag
-- (two paths can map to one tag id: the first holder keeps it), which metrics are held back by such a
-- conflict, when each metric was last delivered, what the parity check found, and every initial
-- snapshot CDC took when it had to create its slot.

CREATE TABLE uns_meta_sync.canary_tag_owners (
  canary_id  text NOT NULL,
  metric_id  bigint NOT NULL,
  claimed_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT canary_tag_owners_pkey PRIMARY KEY (canary_id)
);
CREATE INDEX idx_canary_tag_owners_metric ON uns_meta_sync.canary_tag_owners (metric_id);

CREATE TABLE uns_meta_sync.canary_conflicts (
  metric_id       bigint NOT NULL,
  canary_id       text NOT NULL,
  owner_metric_id bigint NOT NULL,
  detected_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT canary_conflicts_pkey PRIMARY KEY (metric_id)
);

CREATE TABLE uns_meta_sync.canary_deliveries (
  metric_id    bigint NOT NULL,
  canary_id    text NOT NULL,
  delivered_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT canary_deliveries_pkey PRIMARY KEY (metric_id)
);

CREATE TABLE uns_meta_sync.canary_drift (
  metric_id   bigint NOT NULL,
  canary_id   text NOT NULL,
  found_at    timestamptz NOT NULL DEFAULT now(),
  differences jsonb NOT NULL,
  CONSTRAINT canary_drift_pkey PRIMARY KEY (metric_id)
);

CREATE TABLE uns_meta_sync.cdc_snapshots (
  snapshot_id    bigserial PRIMARY KEY,
  slot_name      text NOT NULL,
  reason         text NOT NULL,
  consistent_lsn pg_lsn NULL,
  metrics        integer NOT NULL DEFAULT 0,
  started_at     timestamptz NOT NULL DEFAULT now(),
  finished_at    timestamptz NULL
);
