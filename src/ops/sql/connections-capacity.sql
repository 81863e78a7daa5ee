-- connections.capacity (quarterly): max_connections, the slots reserved for superusers and for roles
-- with pg_use_reserved_connections (not usable by the service's roles), and the client connections
-- open now, in total and to this database. Walsenders do not count: they use max_wal_senders.
-- Run: psql -d uns_metadata -f connections-capacity.sql
SELECT current_setting('max_connections')::int AS max_connections,
       current_setting('superuser_reserved_connections')::int AS superuser_reserved,
       coalesce(current_setting('reserved_connections', true), '0')::int AS reserved,
       count(*) FILTER (WHERE a.backend_type = 'client backend')::int AS used,
       count(*) FILTER (WHERE a.backend_type = 'client backend' AND a.datname = current_database())::int AS used_this_database
FROM pg_stat_activity a;
