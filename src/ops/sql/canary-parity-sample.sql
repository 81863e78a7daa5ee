-- canary.parity (daily): the metrics to read back from Canary — a random sample plus every metric
-- changed recently — with the properties Canary should hold and the states that are known, not drift.
-- Like `canary verify`, only active metrics with at least one property are compared.
-- Params: $1 = random sample size (200), $2 = "changed recently" window in seconds (3600),
--         $3 = most recently changed metrics taken at most (5000), $4 = CDC in-flight window in seconds
--         (CDC_DEBOUNCE_MAX_SECONDS + 60: a change younger than that may not be in the outbox yet).
-- Run (psql 16): \bind 200 3600 5000 660   then   \i canary-parity-sample.sql
WITH changes AS (
  SELECT metric_id, updated_at AS at FROM uns_meta.metrics WHERE updated_at > now() - make_interval(secs => $2)
  UNION ALL
  SELECT metric_id, updated_at FROM uns_meta.metric_properties WHERE updated_at > now() - make_interval(secs => $2)
  UNION ALL
  -- a removed property leaves no row behind, only its version
  SELECT metric_id, changed_at FROM uns_meta.metric_versions WHERE changed_at > now() - make_interval(secs => $2)
),
recent AS (
  SELECT metric_id FROM changes GROUP BY metric_id ORDER BY max(at) DESC LIMIT $3
),
sampled AS (
  SELECT m.metric_id FROM uns_meta.metrics m
  WHERE m.retired_at IS NULL AND EXISTS (SELECT 1 FROM uns_meta.metric_properties p WHERE p.metric_id = m.metric_id)
  ORDER BY random() LIMIT $1
),
picked AS (
  SELECT metric_id, bool_or(recent) AS recent
  FROM (SELECT metric_id, true AS recent FROM recent UNION ALL SELECT metric_id, false FROM sampled) x
  GROUP BY metric_id
)
SELECT m.metric_id, m.canary_id, m.uns_path, pk.recent, props.properties,
       (SELECT count(DISTINCT metric_id) FROM changes)::int AS recent_changed,
       EXISTS (SELECT 1 FROM uns_meta_sync.canary_outbox o WHERE o.metric_id = m.metric_id) AS pending,
       EXISTS (SELECT 1 FROM uns_meta_sync.canary_dead_letters x WHERE x.metric_id = m.metric_id AND x.status = 'open') AS dead_lettered,
       EXISTS (SELECT 1 FROM uns_meta_sync.canary_conflicts c WHERE c.metric_id = m.metric_id) AS conflict,
       changed.at > now() - make_interval(secs => $4) AND (dl.delivered_at IS NULL OR dl.delivered_at < changed.at) AS in_flight
FROM picked pk
JOIN uns_meta.metrics m ON m.metric_id = pk.metric_id AND m.retired_at IS NULL
CROSS JOIN LATERAL (
  SELECT jsonb_object_agg(p.key, uns_meta_sync.property_json(p.type, p.value_int, p.value_long, p.value_float, p.value_double, p.value_string, p.value_bool)) AS properties
  FROM uns_meta.metric_properties p WHERE p.metric_id = m.metric_id
) props
CROSS JOIN LATERAL (
  SELECT greatest(m.updated_at,
                  (SELECT max(p.updated_at) FROM uns_meta.metric_properties p WHERE p.metric_id = m.metric_id),
                  (SELECT max(v.changed_at) FROM uns_meta.metric_versions v WHERE v.metric_id = m.metric_id)) AS at
) changed
LEFT JOIN uns_meta_sync.canary_deliveries dl ON dl.metric_id = m.metric_id
WHERE props.properties IS NOT NULL
ORDER BY m.metric_id;
