-- slots.orphaned (quarterly): every replication slot of the cluster with the WAL it retains
-- (current WAL position - restart_lsn; null when it never reserved WAL), whether a consumer is attached,
-- and whether it belongs to this database (logical slots) or to the whole cluster (physical slots).
-- Run: psql -d uns_metadata -f slots-orphaned.sql
SELECT s.slot_name,
       s.slot_type,
       s.database,
       s.database IS NULL OR s.database = current_database() AS this_database,
       s.active,
       s.wal_status,
       (pg_current_wal_lsn() - s.restart_lsn)::float8 AS retained_bytes
FROM pg_replication_slots s
ORDER BY retained_bytes DESC NULLS LAST, s.slot_name;
