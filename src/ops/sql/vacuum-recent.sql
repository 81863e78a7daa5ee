-- vacuum.recent (weekly): when the four tables of the weekly routine were last vacuumed and analyzed,
-- by hand or by autovacuum (the newer of the two counts).
-- Run: psql -d uns_metadata -f vacuum-recent.sql
SELECT relid::regclass::text AS table_name,
       greatest(last_vacuum, last_autovacuum) AS last_vacuumed,
       greatest(last_analyze, last_autoanalyze) AS last_analyzed,
       last_vacuum, last_autovacuum, last_analyze, last_autoanalyze
FROM pg_stat_all_tables
WHERE schemaname = 'uns_meta'
  AND relname IN ('devices', 'metrics', 'metric_properties', 'metric_versions')
ORDER BY relname;
