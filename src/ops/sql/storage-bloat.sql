-- storage.bloat (monthly): dead + free space of one table, with pgstattuple (reads every page), or with
-- pgstattuple_approx (skips all-visible pages; much faster) when the table is larger than $2 bytes.
-- $1 = the table, e.g. 'uns_meta.metric_properties'; $2 = the size above which the estimate is used.
-- Needs the pgstattuple extension and membership in pg_stat_scan_tables.
-- Run: psql -d uns_metadata -c "PREPARE b(regclass, float8) AS $(cat storage-bloat.sql)" \
--        -c "EXECUTE b('uns_meta.metric_properties', 1073741824)"
SELECT m.bytes, m.approx, m.pct[1] AS dead_pct, m.pct[2] AS free_pct
FROM (
  SELECT s.bytes, s.bytes > $2 AS approx,
         CASE WHEN s.bytes > $2
           THEN (SELECT ARRAY[a.dead_tuple_percent, a.approx_free_percent] FROM pgstattuple_approx(s.rel) a)
           ELSE (SELECT ARRAY[x.dead_tuple_percent, x.free_percent] FROM pgstattuple(s.rel) x)
         END AS pct
  FROM (SELECT $1::regclass AS rel, pg_relation_size($1::regclass)::float8 AS bytes) s
) m;
