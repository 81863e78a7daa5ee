-- settings.pending_restart (weekly): settings changed in the configuration files (postgresql.conf,
-- postgresql.auto.conf via ALTER SYSTEM) and reloaded, but not in force until PostgreSQL restarts.
-- A setting given on the server's command line wins over the files at every start: PostgreSQL still
-- flags it after a reload when the files say otherwise, but a restart would not change it.
-- Run: psql -d uns_metadata -f settings-pending-restart.sql
SELECT name, setting, unit, source
FROM pg_settings
WHERE pending_restart AND source <> 'command line'
ORDER BY name;
