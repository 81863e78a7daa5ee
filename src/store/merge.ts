// The set-based merge of a staged birth into uns_meta. Each statement touches only rows that really
// change, so an unchanged birth writes nothing. Run in this order inside the birth's transaction.

const VALUES = 'type, value_int, value_long, value_float, value_double, value_string, value_bool';
const json = (a: string) =>
  `uns_meta_sync.property_json(${a}.type, ${a}.value_int, ${a}.value_long, ${a}.value_float, ${a}.value_double, ${a}.value_string, ${a}.value_bool)`;

/**
 * $1 gone metric ids. Rename by fingerprint: an active stored metric missing from the birth and a new
 * staged metric with the same alias, datatype and property keys are one metric. Ambiguous aliases never match.
 */
export const MATCH_BY_FINGERPRINT = `
WITH gone AS (
  SELECT m.metric_id, m.name, m.alias, m.datatype, m.uns_path FROM uns_meta.metrics m
  WHERE m.metric_id = ANY($1::bigint[]) AND m.alias IS NOT NULL
), fresh AS (
  SELECT s.ord, s.alias, s.datatype FROM stg_metric s WHERE s.op IS NULL AND s.alias IN (SELECT alias FROM gone)
), pairs AS (
  SELECT f.ord, g.metric_id, g.name, g.uns_path, g.datatype FROM fresh f JOIN gone g ON g.alias = f.alias AND g.datatype = f.datatype
  WHERE (SELECT count(*) FROM fresh f2 WHERE f2.alias = f.alias) = 1
    AND (SELECT coalesce(array_agg(p.key ORDER BY p.key), '{}') FROM stg_prop p WHERE p.ord = f.ord)
      = (SELECT coalesce(array_agg(mp.key ORDER BY mp.key), '{}') FROM uns_meta.metric_properties mp WHERE mp.metric_id = g.metric_id)
)
UPDATE stg_metric s SET metric_id = p.metric_id, op = 'renamed', old_name = p.name, old_path = p.uns_path, old_datatype = p.datatype
FROM pairs p WHERE s.ord = p.ord`;

/** New or moved staged metrics whose path another stored metric (e.g. a retired one) holds: they cannot be stored. */
export const PATH_TAKEN = `
SELECT s.ord, s.name, s.uns_path, m.name AS holder, m.metric_id AS holder_id
FROM stg_metric s
-- OFFSET 0 keeps this a lookup in the unique index per new or moved metric, never a scan of all metrics.
CROSS JOIN LATERAL (SELECT name, metric_id FROM uns_meta.metrics m WHERE m.uns_path = s.uns_path OFFSET 0) m
WHERE (s.op IS DISTINCT FROM 'matched' OR s.old_path <> s.uns_path) AND s.metric_id IS DISTINCT FROM m.metric_id`;

/** $1 ordinals; returns the metric ids they had (reserved ones for a first birth). */
export const DROP_STAGED = `
WITH d AS (DELETE FROM stg_metric WHERE ord = ANY($1::int[]) RETURNING ord, metric_id),
p AS (DELETE FROM stg_prop WHERE ord IN (SELECT ord FROM d))
SELECT metric_id::text FROM d`;

/** $1 count. Ids for new metrics, reserved before staging so their rows need no second pass. */
export const RESERVE_IDS = `SELECT nextval('uns_meta.metrics_metric_id_seq') AS id FROM generate_series(1, $1)`;

/** Rename candidates that turned out new. */
export const ASSIGN_IDS = `
UPDATE stg_metric SET metric_id = nextval('uns_meta.metrics_metric_id_seq'), op = 'created' WHERE op IS NULL`;

export const INSERT_METRICS = `
INSERT INTO uns_meta.metrics (metric_id, device_id, name, uns_path, datatype, alias, metadata)
SELECT metric_id, $1, name, uns_path, datatype, alias, metadata FROM stg_metric WHERE op = 'created' ORDER BY ord`;

/** The stored metadata of changed metrics, for the version diff (read before UPDATE_METRICS writes it). */
export const OLD_METADATA = `
UPDATE stg_metric s SET old_metadata = m.metadata FROM uns_meta.metrics m
WHERE s.op <> 'created' AND m.metric_id = s.metric_id AND m.metadata IS NOT NULL`;

/**
 * Stored metrics whose row the birth changes (name, path, datatype, alias, metadata or a restore). The
 * staged old values (from the stored index and OLD_METADATA) pick the candidates, so only their rows are
 * read, by primary key: a delta that changes 8,000 metrics' properties of a 98k-metric device changes
 * next to no metric row, and a scan of all of them cost more than the rest of this statement. The
 * comparison with the stored row decides.
 */
export const UPDATE_METRICS = `
UPDATE uns_meta.metrics m SET name = s.name, uns_path = s.uns_path, datatype = s.datatype, alias = s.alias, metadata = s.metadata, retired_at = NULL,
  updated_at = now()
FROM stg_metric s
WHERE m.metric_id = ANY(ARRAY(
    SELECT metric_id FROM stg_metric WHERE op <> 'created'
      AND (op <> 'matched' OR was_retired
           OR (old_path, old_datatype, old_alias, old_metadata) IS DISTINCT FROM (uns_path, datatype, alias, metadata))))
  AND s.op <> 'created' AND m.metric_id = s.metric_id
  AND (m.name, m.uns_path, m.datatype, m.alias, m.metadata, m.retired_at) IS DISTINCT FROM (s.name, s.uns_path, s.datatype, s.alias, s.metadata, NULL::timestamptz)`;

export const INSERT_NEW_PROPERTIES = `
INSERT INTO uns_meta.metric_properties (metric_id, key, ${VALUES})
SELECT s.metric_id, p.key, p.type, p.value_int, p.value_long, p.value_float, p.value_double, p.value_string, p.value_bool
FROM stg_prop p JOIN stg_metric s USING (ord) WHERE s.op = 'created'`;

/**
 * Property differences of metrics that existed before this birth and whose fingerprint changed (only
 * those have staged property rows): added, changed and removed keys.
 */
export const DIFF_PROPERTIES = `
CREATE TEMP TABLE prop_change ON COMMIT DROP AS
SELECT coalesce(n.metric_id, o.metric_id) AS metric_id, coalesce(n.key, o.key) AS key,
  CASE WHEN o.metric_id IS NULL THEN 'add' WHEN n.metric_id IS NULL THEN 'remove' ELSE 'change' END AS kind,
  n.type, n.value_int, n.value_long, n.value_float, n.value_double, n.value_string, n.value_bool,
  CASE WHEN o.metric_id IS NULL THEN 'null'::jsonb ELSE ${json('o')} END AS old_json,
  CASE WHEN n.metric_id IS NULL THEN 'null'::jsonb ELSE ${json('n')} END AS new_json
FROM (SELECT s.metric_id, p.* FROM stg_prop p JOIN stg_metric s USING (ord) WHERE s.op <> 'created') n
FULL JOIN (SELECT mp.* FROM stg_metric s
           -- OFFSET 0 keeps this a lookup per staged metric: a few thousand of them, never the whole table.
           CROSS JOIN LATERAL (SELECT * FROM uns_meta.metric_properties p WHERE p.metric_id = s.metric_id OFFSET 0) mp
           WHERE s.op <> 'created' AND s.props_staged) o
  ON o.metric_id = n.metric_id AND o.key = n.key
WHERE o.metric_id IS NULL OR n.metric_id IS NULL
   OR (n.${VALUES.split(', ').join(', n.')}) IS DISTINCT FROM (o.${VALUES.split(', ').join(', o.')})`;

/** Changed keys are updated and new keys inserted (two statements: cheaper than ON CONFLICT per row). */
export const WRITE_CHANGED_PROPERTIES = [
  `UPDATE uns_meta.metric_properties mp SET type = c.type, value_int = c.value_int, value_long = c.value_long,
     value_float = c.value_float, value_double = c.value_double, value_string = c.value_string, value_bool = c.value_bool,
     updated_at = now()
   FROM prop_change c WHERE c.kind = 'change' AND mp.metric_id = c.metric_id AND mp.key = c.key`,
  `INSERT INTO uns_meta.metric_properties (metric_id, key, ${VALUES})
   SELECT metric_id, key, ${VALUES} FROM prop_change WHERE kind = 'add'`,
];

export const DELETE_REMOVED_PROPERTIES = `
DELETE FROM uns_meta.metric_properties mp USING prop_change c
WHERE c.kind = 'remove' AND mp.metric_id = c.metric_id AND mp.key = c.key`;

/** $1 changed_by. One 'created' version per new metric; its diff was rendered while staging. */
export const VERSIONS_CREATED = `
INSERT INTO uns_meta.metric_versions (metric_id, changed_by, diff)
SELECT metric_id, $1, created_diff::jsonb FROM stg_metric WHERE op = 'created' ORDER BY ord`;

/** $1 changed_by, $2 source. One version per existing metric with any change; returns its op. */
export const VERSIONS_CHANGED = `
WITH props AS (
  SELECT metric_id, jsonb_object_agg(key, jsonb_build_object('old', old_json, 'new', new_json)) AS props
  FROM prop_change GROUP BY metric_id
), changed AS (
  SELECT s.metric_id, s.ord, pr.props,
    CASE WHEN s.old_path <> s.uns_path THEN 'renamed' WHEN s.was_retired THEN 'restored' ELSE 'updated' END AS op,
    s.old_datatype IS DISTINCT FROM s.datatype AS dt_changed, s.old_path <> s.uns_path AS path_changed, s.old_datatype, s.datatype,
    s.old_path, s.uns_path, s.old_metadata IS DISTINCT FROM s.metadata AS md_changed, s.old_metadata, s.metadata
  FROM stg_metric s LEFT JOIN props pr USING (metric_id)
  WHERE s.op <> 'created'
    AND (pr.props IS NOT NULL OR s.was_retired OR s.old_path <> s.uns_path OR s.old_datatype IS DISTINCT FROM s.datatype
         OR s.old_metadata IS DISTINCT FROM s.metadata)
)
INSERT INTO uns_meta.metric_versions (metric_id, changed_by, diff)
SELECT metric_id, $1, jsonb_build_object('op', op)
  || CASE WHEN props IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('properties', props) END
  || CASE WHEN dt_changed THEN jsonb_build_object('datatype', jsonb_build_object('old', old_datatype, 'new', datatype)) ELSE '{}'::jsonb END
  || CASE WHEN path_changed THEN jsonb_build_object('uns_path', jsonb_build_object('old', old_path, 'new', uns_path)) ELSE '{}'::jsonb END
  || CASE WHEN md_changed THEN jsonb_build_object('metadata', jsonb_build_object('old', old_metadata, 'new', metadata)) ELSE '{}'::jsonb END
  || jsonb_build_object('source', $2::jsonb)
FROM changed ORDER BY ord
RETURNING diff->>'op' AS op`;

/**
 * Fingerprints of every staged metric (the row's fp equals the stored one when its properties were not
 * staged) and its raw fingerprint (null for a birth that is not protobuf: the next one is read in full).
 * New metrics need no conflict check.
 */
export const SAVE_FINGERPRINTS = [
  `INSERT INTO uns_meta_sync.metric_fingerprints (metric_id, fp, raw_fp)
   SELECT metric_id, decode(fp, 'hex'), decode(raw_fp, 'hex') FROM stg_metric WHERE op = 'created'`,
  `INSERT INTO uns_meta_sync.metric_fingerprints AS f (metric_id, fp, raw_fp)
   SELECT metric_id, decode(fp, 'hex'), decode(raw_fp, 'hex') FROM stg_metric WHERE op <> 'created'
   ON CONFLICT (metric_id) DO UPDATE SET fp = EXCLUDED.fp, raw_fp = EXCLUDED.raw_fp
     WHERE (f.fp, f.raw_fp) IS DISTINCT FROM (EXCLUDED.fp, EXCLUDED.raw_fp)`,
];

/** $1 ids, $2 raw fingerprints: metrics found unchanged in full whose raw fingerprint was unknown or old. */
export const REFRESH_RAW_FINGERPRINTS = `
UPDATE uns_meta_sync.metric_fingerprints f SET raw_fp = decode(u.raw_fp, 'hex')
FROM unnest($1::bigint[], $2::text[]) AS u(metric_id, raw_fp)
WHERE f.metric_id = u.metric_id AND f.raw_fp IS DISTINCT FROM decode(u.raw_fp, 'hex')`;

export const LINEAGE = `
INSERT INTO uns_meta.metric_path_lineage (metric_id, old_uns_path, new_uns_path)
SELECT metric_id, old_path, uns_path FROM stg_metric WHERE op <> 'created' AND old_path <> uns_path
ON CONFLICT ON CONSTRAINT uq_lineage DO NOTHING`;

/** $1 gone ids, $2 changed_by, $3 source. Active metrics the birth no longer declares are retired, never deleted. */
export const RETIRE = `
WITH retired AS (
  UPDATE uns_meta.metrics m SET retired_at = now(), updated_at = now()
  WHERE m.metric_id = ANY($1::bigint[]) AND m.retired_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM stg_metric s WHERE s.metric_id = m.metric_id)
  RETURNING m.metric_id
)
INSERT INTO uns_meta.metric_versions (metric_id, changed_by, diff)
SELECT metric_id, $2, jsonb_build_object('op', 'retired', 'source', $3::jsonb) FROM retired`;

/** Staged metrics whose alias entry may have changed: new, renamed, restored or re-aliased. */
const ALIAS_CHANGED = `(op <> 'matched' OR was_retired OR alias IS DISTINCT FROM old_alias)`;

/**
 * The scope's entry (its row address) of each name in `names` or alias in `aliases`: an index lookup each,
 * by name through the hash of the whole key (migration 0012; the array must be written exactly so).
 */
const entriesOf = (names: string, aliases: string) => `
  SELECT e.ctid FROM (${names}) n (name)
  CROSS JOIN LATERAL (SELECT ctid FROM uns_meta_sync.aliases e
                      WHERE ARRAY[e.group_id, e.edge, e.device, e.name] = ARRAY[$1, $2, $3, n.name] OFFSET 0) e
  UNION ALL
  SELECT e.ctid FROM (${aliases}) s (alias)
  CROSS JOIN LATERAL (SELECT ctid FROM uns_meta_sync.aliases e
                      WHERE e.group_id = $1 AND e.edge = $2 AND e.device = $3 AND e.alias = s.alias OFFSET 0) e`;

/**
 * $1 group, $2 edge, $3 device (+ $4 names of gone metrics for the DELETE). The alias map of the scope
 * follows the active metrics the birth declares (a birth replaces it), rewritten only where it changed:
 * the entries of changed names and aliases are found by index (OFFSET 0: never a scan of a 100k-metric
 * device's entries for a delta's few hundred), then deleted by row address.
 */
export const SYNC_ALIASES = [
  `DELETE FROM uns_meta_sync.aliases a WHERE a.ctid = ANY(ARRAY(${entriesOf(
    `SELECT unnest($4::text[]) UNION SELECT name FROM stg_metric WHERE ${ALIAS_CHANGED}
     UNION SELECT old_name FROM stg_metric WHERE op = 'renamed'`,
    `SELECT DISTINCT alias FROM stg_metric WHERE ${ALIAS_CHANGED} AND alias IS NOT NULL`,
  )}))`,
  `INSERT INTO uns_meta_sync.aliases (group_id, edge, device, alias, name)
   SELECT DISTINCT ON (alias) $1, $2, $3, alias, name FROM stg_metric
   WHERE ${ALIAS_CHANGED} AND alias IS NOT NULL ORDER BY alias, ord
   ON CONFLICT (group_id, edge, device, alias) DO UPDATE SET name = EXCLUDED.name`,
];

/**
 * Canary ids that metrics new or moved in this birth share with another active metric ('a.b' vs 'a/b'):
 * an index lookup per such metric. Conflicts of untouched metrics were reported when they arose; ops
 * lists them all.
 */
export const CANARY_CONFLICTS = `
SELECT o.canary_id, array_agg(o.uns_path ORDER BY o.uns_path) AS paths
FROM (SELECT DISTINCT replace(uns_path, '/', '.') AS cid FROM stg_metric WHERE op = 'created' OR old_path <> uns_path) f
-- OFFSET 0 keeps this an index lookup per fresh id, never a scan of every stored metric.
CROSS JOIN LATERAL (SELECT m.canary_id, m.uns_path FROM uns_meta.metrics m WHERE m.canary_id = f.cid AND m.retired_at IS NULL OFFSET 0) o
GROUP BY o.canary_id HAVING count(*) > 1`;

/**
 * The aliases of a scope a birth must check for uniqueness across its node: $1 group, $2 edge, $3 device,
 * $4 true = all of them (the scope's first birth in this session), else only the ones this birth changed.
 */
export const SCOPE_ALIASES = `
SELECT alias::text, name FROM uns_meta_sync.aliases
WHERE group_id = $1 AND edge = $2 AND device = $3
  AND ($4 OR alias IN (SELECT alias FROM stg_metric WHERE alias IS NOT NULL AND ${ALIAS_CHANGED}))`;

/**
 * Holders of the same aliases in other scopes of the node's current session: $1 group, $2 edge,
 * $3 device, $4 session (bdSeq), $5 the aliases (an index lookup each, however the tables are sized).
 */
export const OTHER_HOLDERS = `
SELECT a.alias::text, a.device, a.name FROM uns_meta_sync.aliases a
JOIN uns_meta_sync.births b ON b.group_id = a.group_id AND b.edge = a.edge AND b.device = a.device
WHERE a.group_id = $1 AND a.edge = $2 AND a.alias = ANY($5::bigint[]) AND a.device <> $3 AND b.bdseq = $4
ORDER BY a.alias, a.device`;

/** $1 group, $2 edge, $3 devices, $4 aliases: removes each (device, alias) pair from the alias maps. */
export const DROP_ALIASES = `
DELETE FROM uns_meta_sync.aliases a USING unnest($3::text[], $4::bigint[]) AS c(device, alias)
WHERE a.group_id = $1 AND a.edge = $2 AND a.device = c.device AND a.alias = c.alias`;
