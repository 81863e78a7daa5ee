-- xmin.horizon (daily): what holds back the oldest xmin, beyond which VACUUM may not clean anything:
-- sessions (long, or idle in transaction), prepared transactions, replication slots and standbys.
-- Other roles' sessions show their xmin only to pg_read_all_stats (or pg_monitor).
-- Run: psql -d uns_metadata -f xmin-horizon.sql
SELECT 'session' AS kind, a.pid::text AS holder, a.application_name AS application, a.usename::text AS role,
       a.datname::text AS database, a.state, age(coalesce(a.backend_xmin, a.backend_xid))::bigint AS xid_age,
       extract(epoch FROM now() - a.xact_start)::float8 AS seconds
FROM pg_stat_activity a
WHERE (a.backend_xmin IS NOT NULL OR a.backend_xid IS NOT NULL) AND a.pid <> pg_backend_pid()
  AND a.backend_type = 'client backend'
UNION ALL
SELECT 'prepared', p.gid, NULL, p.owner::text, p.database::text, 'prepared', age(p.transaction)::bigint,
       extract(epoch FROM now() - p.prepared)::float8
FROM pg_prepared_xacts p
UNION ALL
-- A slot's xmin holds back every table; its catalog_xmin only the system catalogs.
SELECT 'slot', s.slot_name::text, s.plugin, NULL, s.database::text,
       CASE WHEN s.active THEN 'active' ELSE 'inactive' END || CASE WHEN s.xmin IS NULL THEN ', catalog_xmin only' ELSE ', xmin' END,
       greatest(age(s.xmin), age(s.catalog_xmin))::bigint, NULL
FROM pg_replication_slots s
WHERE s.xmin IS NOT NULL OR s.catalog_xmin IS NOT NULL
UNION ALL
SELECT 'standby', r.pid::text, r.application_name, r.usename::text, NULL, r.state, age(r.backend_xmin)::bigint, NULL
FROM pg_stat_replication r
WHERE r.backend_xmin IS NOT NULL
ORDER BY xid_age DESC NULLS LAST, seconds DESC NULLS LAST;
