-- cdc.slot_lag (daily): the CDC slot's distance to the current WAL position: unconfirmed bytes
-- (confirmed_flush_lsn) and bytes of WAL the slot forces the server to keep (restart_lsn), whether a
-- consumer is attached, and wal_status (unreserved/lost: WAL the slot needs is or will be removed).
-- One row also when the slot is missing (slot columns null), with wal_level for the diagnosis.
-- inactive_since exists from PostgreSQL 17 on; read through to_jsonb so the query runs on 16 too.
-- Params: $1 = slot name (CDC_SLOT, default uns_meta_slot).
-- Run (psql 16): \bind uns_meta_slot   then   \i cdc-slot-lag.sql
SELECT current_setting('wal_level') AS wal_level,
       s.slot_name,
       s.plugin,
       s.active,
       s.wal_status,
       (pg_current_wal_lsn() - s.confirmed_flush_lsn)::float8 AS flush_lag_bytes,
       (pg_current_wal_lsn() - s.restart_lsn)::float8 AS retained_bytes,
       s.safe_wal_size::float8 AS safe_wal_size,
       s.restart_lsn::text AS restart_lsn,
       s.confirmed_flush_lsn::text AS confirmed_flush_lsn,
       to_jsonb(s) ->> 'inactive_since' AS inactive_since
FROM (SELECT 1) AS one
LEFT JOIN pg_replication_slots s ON s.slot_name = $1;
