-- constraints.contract (weekly): every constraint of schema uns_meta with its definition as PostgreSQL
-- prints it, and the definition of the index behind it (unique and primary keys). The check compares
-- these with the contract table in src/ops/constraint-contract.ts. (conindid of a foreign key is the
-- referenced table's key index: not this constraint's own, so not shown.)
-- Definitions name other objects relative to search_path; run with search_path = pg_catalog so every
-- name is schema-qualified, as in the contract table.
-- Run: PGOPTIONS='-c search_path=pg_catalog' psql -d uns_metadata -f constraints-contract.sql
SELECT c.conrelid::regclass::text AS table_name,
       c.conname,
       c.contype::text AS contype,
       pg_get_constraintdef(c.oid) AS definition,
       CASE WHEN c.contype IN ('p', 'u', 'x') THEN pg_get_indexdef(c.conindid) END AS index_definition
FROM pg_constraint c
WHERE c.connamespace = 'uns_meta'::regnamespace
ORDER BY table_name, c.conname;
