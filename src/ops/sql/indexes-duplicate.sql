-- indexes.duplicate (weekly): groups of uns_meta indexes that index the same thing: same table, access
-- method, columns, operator classes, collations, sort options, expressions and predicate. Uniqueness
-- is deliberately not part of the key: a plain index beside a UNIQUE constraint on the same columns is
-- a duplicate (spec/schema.md). A shorter index that is only a prefix of another is not listed.
-- Run: psql -d uns_metadata -f indexes-duplicate.sql
SELECT i.indrelid::regclass::text AS table_name,
       array_agg(i.indexrelid::regclass::text ORDER BY i.indisunique DESC, i.indexrelid::regclass::text) AS indexes,
       array_agg(pg_get_indexdef(i.indexrelid) ORDER BY i.indisunique DESC, i.indexrelid::regclass::text) AS definitions,
       sum(pg_relation_size(i.indexrelid))::float8 AS total_bytes
FROM pg_index i
JOIN pg_class idx ON idx.oid = i.indexrelid
WHERE idx.relnamespace = 'uns_meta'::regnamespace
GROUP BY i.indrelid, idx.relam, i.indkey::text, i.indclass::text, i.indcollation::text, i.indoption::text,
         coalesce(pg_get_expr(i.indexprs, i.indrelid), ''), coalesce(pg_get_expr(i.indpred, i.indrelid), '')
HAVING count(*) > 1
ORDER BY table_name, indexes;
