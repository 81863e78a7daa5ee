-- wal.retention (daily): WAL kept for replication slots against max_slot_wal_keep_size (-1: no cap, a
-- stuck consumer fills the disk) and the size of pg_wal against max_wal_size. Sizes in bytes.
-- pg_ls_waldir() needs pg_monitor. Run: psql -d uns_metadata -f wal-retention.sql
SELECT (SELECT setting::bigint FROM pg_settings WHERE name = 'max_slot_wal_keep_size') AS keep_mb,
       (SELECT setting::bigint FROM pg_settings WHERE name = 'max_wal_size') AS max_wal_mb,
       (SELECT coalesce(sum(size), 0)::bigint FROM pg_ls_waldir()) AS pg_wal_bytes,
       coalesce((SELECT json_agg(json_build_object(
           'slot', s.slot_name, 'type', s.slot_type, 'active', s.active, 'walStatus', s.wal_status,
           'retainedBytes', CASE WHEN s.restart_lsn IS NULL THEN NULL
             ELSE pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END, s.restart_lsn)::bigint END,
           'safeWalSize', s.safe_wal_size) ORDER BY s.slot_name)
         FROM pg_replication_slots s), '[]'::json) AS slots;
