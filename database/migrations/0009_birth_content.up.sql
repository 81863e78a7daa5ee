-- What a birth says about a metric beyond name, alias, datatype and properties: is_historical,
-- is_transient, the MetaData message, DataSet columns and types, array element type, Template
-- reference (spec/sparkplug.md, "Birth content kept"). Null when the birth says none of it.
ALTER TABLE uns_meta.metrics ADD COLUMN metadata jsonb NULL;

-- Template definitions of an edge node's NBIRTH (is_definition): not UNS metrics, kept as definitions
-- with their members (name, datatype, typed properties). Each NBIRTH replaces the node's set.
CREATE TABLE uns_meta_sync.template_definitions (
  group_id   text NOT NULL,
  edge       text NOT NULL,
  name       text NOT NULL,
  version    text NULL,
  members    jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT template_definitions_pkey PRIMARY KEY (group_id, edge, name)
);

-- md5 of a metric's raw PropertySet bytes and metadata as last written by the birth writer: a rebirth
-- metric with the same raw fingerprint (and name, alias, datatype) is not decoded further (B2).
ALTER TABLE uns_meta_sync.metric_fingerprints ADD COLUMN raw_fp bytea NULL;
