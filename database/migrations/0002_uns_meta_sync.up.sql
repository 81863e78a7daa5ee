-- The service's own state (not published): outbox and dead letters for Canary, birth bookkeeping,
-- aliases, quarantine and ops check history. The migration ledger itself is created by the runner.

CREATE TABLE uns_meta_sync.births (
  group_id       text NOT NULL,
  edge           text NOT NULL,
  device         text NOT NULL,
  topic          text NOT NULL,
  birth_ts       bigint NULL,
  birth_seq      bigint NULL,
  payload_sha256 text NOT NULL,
  applied_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT births_pkey PRIMARY KEY (group_id, edge, device)
);

CREATE TABLE uns_meta_sync.aliases (
  group_id text NOT NULL,
  edge     text NOT NULL,
  device   text NOT NULL,
  alias    bigint NOT NULL,
  name     text NOT NULL,
  CONSTRAINT aliases_pkey PRIMARY KEY (group_id, edge, device, alias)
);

CREATE TABLE uns_meta_sync.quarantine (
  quarantine_id bigserial PRIMARY KEY,
  topic         text NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now(),
  error_code    text NOT NULL,
  message       text NOT NULL,
  details       jsonb NOT NULL DEFAULT '{}'::jsonb,
  payload       bytea NULL,
  payload_bytes integer NOT NULL DEFAULT 0,
  truncated     boolean NOT NULL DEFAULT false
);
CREATE INDEX idx_quarantine_received ON uns_meta_sync.quarantine (received_at DESC);

CREATE TABLE uns_meta_sync.canary_outbox (
  outbox_id       bigserial PRIMARY KEY,
  metric_id       bigint NOT NULL,
  canary_id       text NOT NULL,
  properties      jsonb NOT NULL,
  first_lsn       pg_lsn NULL,
  enqueued_at     timestamptz NOT NULL DEFAULT now(),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  idempotency_key text NOT NULL,
  CONSTRAINT uq_canary_outbox_idempotency UNIQUE (idempotency_key)
);
CREATE INDEX idx_canary_outbox_next_attempt ON uns_meta_sync.canary_outbox (next_attempt_at);

CREATE TABLE uns_meta_sync.canary_dead_letters (
  dead_letter_id bigserial PRIMARY KEY,
  metric_id      bigint NULL,
  canary_id      text NULL,
  payload        jsonb NOT NULL,
  reason         text NOT NULL,
  status_code    text NULL,
  failed_at      timestamptz NOT NULL DEFAULT now(),
  attempts       integer NOT NULL DEFAULT 0,
  status         text NOT NULL DEFAULT 'open'
);

CREATE TABLE uns_meta_sync.check_runs (
  run_id      bigserial PRIMARY KEY,
  check_id    text NOT NULL,
  cadence     text NOT NULL,
  status      text NOT NULL,
  value       double precision NULL,
  evidence    jsonb NOT NULL DEFAULT '{}'::jsonb,
  started_at  timestamptz NOT NULL DEFAULT now(),
  duration_ms integer NOT NULL DEFAULT 0
);
CREATE INDEX idx_check_runs_check_started ON uns_meta_sync.check_runs (check_id, started_at DESC);

-- JSON rendering of a typed property value for version diffs: integers beyond ±2^53 become strings.
-- STABLE like to_jsonb itself, so the planner inlines it (an IMMUTABLE wrapper would not be inlined).
CREATE FUNCTION uns_meta_sync.property_json(
  t uns_meta.spb_property_type, vi integer, vl bigint, vf real, vd double precision, vs text, vb boolean
) RETURNS jsonb LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE t
    WHEN 'int' THEN to_jsonb(vi)
    WHEN 'long' THEN CASE WHEN abs(vl::numeric) > 9007199254740991 THEN to_jsonb(vl::text) ELSE to_jsonb(vl) END
    WHEN 'float' THEN to_jsonb(vf)
    WHEN 'double' THEN to_jsonb(vd)
    WHEN 'string' THEN to_jsonb(vs)
    WHEN 'boolean' THEN to_jsonb(vb)
  END
$$;

-- Fingerprint (md5 of the canonical property rows) of each metric's properties as the birth writer last
-- wrote them: a rebirth stages only metrics whose fingerprint differs. Any change to metric_properties
-- made outside the writer forgets the fingerprint, so the next birth compares that metric in full.
-- A cache, so UNLOGGED (no WAL): after a crash it is empty and the next birth of each device compares
-- every metric in full once. No foreign key (a lookup per row of a 100k-metric birth): deleting a metric
-- deletes its properties, whose trigger below deletes the fingerprint.
CREATE UNLOGGED TABLE uns_meta_sync.metric_fingerprints (
  metric_id bigint NOT NULL,
  fp        bytea NOT NULL,
  CONSTRAINT metric_fingerprints_pkey PRIMARY KEY (metric_id)
);

CREATE FUNCTION uns_meta_sync.forget_fingerprint() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM uns_meta_sync.metric_fingerprints WHERE metric_id IN (NEW.metric_id, OLD.metric_id);
  RETURN NULL;
END;
$$;

CREATE TRIGGER trg_metric_properties_forget_fingerprint
  AFTER INSERT OR UPDATE OR DELETE ON uns_meta.metric_properties
  FOR EACH ROW WHEN (current_setting('uns_meta.birth_writer', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION uns_meta_sync.forget_fingerprint();
