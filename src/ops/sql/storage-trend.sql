-- storage.trend (monthly): pg_total_relation_size (heap + indexes + TOAST) of every table of schema
-- uns_meta. The check stores the sizes in its history and computes the growth against an earlier run.
-- Run: psql -d uns_metadata -f storage-trend.sql
SELECT c.oid::regclass::text AS table_name,
       pg_total_relation_size(c.oid)::float8 AS total_bytes
FROM pg_class c
WHERE c.relnamespace = 'uns_meta'::regnamespace
  AND c.relkind IN ('r', 'p')
ORDER BY total_bytes DESC, table_name;
