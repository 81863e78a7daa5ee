-- vacuum.deadtuples (daily, flow C detection; also read by storage.bloat and doctor flow-c): per
-- uns_meta table, dead tuples, write churn and (auto)vacuum activity, with the autovacuum settings in
-- effect (per-table reloptions over the server's) and the dead-tuple count at which autovacuum starts.
-- Reads statistics and catalogs only: no table lock, so it answers even during a VACUUM FULL.
-- Run: psql -d uns_metadata -f vacuum-deadtuples.sql
WITH t AS (
  SELECT c.oid, c.reltuples, o.enabled, o.threshold, o.scale_factor, o.cost_limit
  FROM pg_class c
  CROSS JOIN LATERAL (
    SELECT max(option_value) FILTER (WHERE option_name = 'autovacuum_enabled') AS enabled,
           max(option_value) FILTER (WHERE option_name = 'autovacuum_vacuum_threshold') AS threshold,
           max(option_value) FILTER (WHERE option_name = 'autovacuum_vacuum_scale_factor') AS scale_factor,
           max(option_value) FILTER (WHERE option_name = 'autovacuum_vacuum_cost_limit') AS cost_limit
    FROM pg_options_to_table(c.reloptions)
  ) o
  WHERE c.relnamespace = 'uns_meta'::regnamespace AND c.relkind = 'r'
), e AS (
  SELECT t.oid, t.reltuples,
         coalesce(t.enabled::boolean, true) AND current_setting('autovacuum')::boolean AS autovacuum_enabled,
         coalesce(t.threshold, current_setting('autovacuum_vacuum_threshold'))::float8 AS vacuum_threshold,
         coalesce(t.scale_factor, current_setting('autovacuum_vacuum_scale_factor'))::float8 AS vacuum_scale_factor,
         coalesce(nullif(t.cost_limit::int, -1), nullif(current_setting('autovacuum_vacuum_cost_limit')::int, -1),
                  current_setting('vacuum_cost_limit')::int)::float8 AS vacuum_cost_limit
  FROM t
)
SELECT s.relid::regclass::text AS table_name,
       s.relid::text AS relid,
       s.n_live_tup::float8 AS n_live_tup,
       s.n_dead_tup::float8 AS n_dead_tup,
       (s.n_tup_upd + s.n_tup_del)::float8 AS churn,
       s.vacuum_count::float8 AS vacuum_count,
       s.autovacuum_count::float8 AS autovacuum_count,
       s.last_vacuum, s.last_autovacuum,
       e.autovacuum_enabled, e.vacuum_threshold, e.vacuum_scale_factor, e.vacuum_cost_limit,
       floor(e.vacuum_threshold + e.vacuum_scale_factor * greatest(e.reltuples, 0)) AS vacuum_trigger
FROM pg_stat_all_tables s
JOIN e ON e.oid = s.relid
ORDER BY s.n_dead_tup DESC, table_name;
