-- The playbook's Validation SQL kit as `ops snapshot` archives it: five result sets, in this order —
-- constraints (with definitions), CHECK coverage of metric_properties, index validity and size,
-- uniqueness definitions, and vacuum statistics. The bloat part (pgstattuple) is storage-bloat.sql.
-- Run: psql -d uns_metadata -f validation-kit.sql

-- Constraints: disabled or invalid ones, and what each enforces.
SELECT conrelid::regclass::text AS table_name,
       conname,
       contype::text AS contype,
       CASE WHEN convalidated THEN 'valid' ELSE 'needs revalidate' END AS status,
       pg_get_constraintdef(oid) AS definition
FROM pg_constraint
WHERE connamespace = 'uns_meta'::regnamespace
ORDER BY status DESC, table_name, conname;

-- CHECK constraint coverage of the metric_properties storage columns.
SELECT conname, pg_get_constraintdef(oid) AS definition
FROM pg_constraint
WHERE connamespace = 'uns_meta'::regnamespace AND conname LIKE 'chk_metric_properties_%'
ORDER BY conname;

-- Indexes: missing or invalid ones, with sizes.
SELECT indexrelid::regclass::text AS index_name,
       indrelid::regclass::text AS table_name,
       indisvalid,
       indisready,
       pg_relation_size(indexrelid)::float8 AS index_bytes
FROM pg_index
JOIN pg_class idx ON idx.oid = indexrelid
WHERE idx.relnamespace = 'uns_meta'::regnamespace
ORDER BY indisvalid, indisready, index_name;

-- Uniqueness enforcement, to compare with the schema contract.
SELECT indrelid::regclass::text AS table_name, indexrelid::regclass::text AS index_name, pg_get_indexdef(indexrelid) AS definition
FROM pg_index
JOIN pg_class tbl ON tbl.oid = indrelid
WHERE tbl.relnamespace = 'uns_meta'::regnamespace
  AND indisunique
ORDER BY index_name;

-- Vacuum: dead tuples and (auto)vacuum counts.
SELECT relid::regclass::text AS table_name,
       n_dead_tup::float8 AS n_dead_tup,
       vacuum_count::float8 AS vacuum_count,
       autovacuum_count::float8 AS autovacuum_count,
       last_vacuum, last_autovacuum
FROM pg_stat_all_tables
WHERE schemaname = 'uns_meta'
ORDER BY n_dead_tup DESC, table_name;
