-- indexes.valid (weekly): every index of schema uns_meta with indisvalid/indisready and its size, from
-- the playbook's Validation SQL kit. A failed CREATE INDEX CONCURRENTLY leaves an index that is not
-- valid: it costs writes and protects (or speeds up) nothing.
-- Run: psql -d uns_metadata -f indexes-valid.sql
SELECT i.indrelid::regclass::text AS table_name,
       i.indexrelid::regclass::text AS index_name,
       i.indisvalid,
       i.indisready,
       pg_relation_size(i.indexrelid)::float8 AS index_bytes
FROM pg_index i
JOIN pg_class idx ON idx.oid = i.indexrelid
WHERE idx.relnamespace = 'uns_meta'::regnamespace
ORDER BY i.indisvalid, i.indisready, table_name, index_name;
