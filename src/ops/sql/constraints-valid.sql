-- constraints.valid (weekly): constraints of schema uns_meta that are not validated (NOT VALID, or
-- disabled by a bulk load), from the playbook's Validation SQL kit.
-- Run: psql -d uns_metadata -f constraints-valid.sql
SELECT conrelid::regclass::text AS table_name,
       conname,
       contype::text AS contype,
       CASE WHEN convalidated THEN 'valid' ELSE 'needs revalidate' END AS status
FROM pg_constraint
WHERE connamespace = 'uns_meta'::regnamespace
ORDER BY status DESC, table_name, conname;
