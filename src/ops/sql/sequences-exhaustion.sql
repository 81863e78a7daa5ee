-- sequences.exhaustion (monthly): how much of its range each identity/serial sequence of both schemas
-- has used, against the smaller of its own maximum and the maximum of the column it feeds.
-- Run: psql -d uns_metadata -f sequences-exhaustion.sql
SELECT s.schemaname::text AS schema, s.sequencename::text AS sequence, s.last_value, s.increment_by,
       -- last_value is null without USAGE or SELECT: unread, not unused.
       has_sequence_privilege(format('%I.%I', s.schemaname, s.sequencename), 'USAGE, SELECT') AS readable,
       c.relname::text AS table_name, a.attname::text AS column_name, format_type(a.atttypid, NULL) AS column_type,
       least(s.max_value, CASE a.atttypid WHEN 'int2'::regtype THEN 32767 WHEN 'int4'::regtype THEN 2147483647
                                          ELSE 9223372036854775807 END) AS max_value
FROM pg_sequences s
JOIN pg_class q ON q.relname = s.sequencename
JOIN pg_namespace n ON n.oid = q.relnamespace AND n.nspname = s.schemaname
LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = q.oid AND d.refclassid = 'pg_class'::regclass
  AND d.deptype IN ('a', 'i')
LEFT JOIN pg_class c ON c.oid = d.refobjid
LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
WHERE s.schemaname IN ('uns_meta', 'uns_meta_sync')
ORDER BY s.schemaname, s.sequencename;
