-- backup.archive (daily): WAL archiving health from pg_stat_archiver, with where WAL writing stands now
-- (bytes from 0/0, to compare with the end of the last archived segment) and the settings that matter.
-- Run: psql -d uns_metadata -f backup-archive.sql
SELECT a.archived_count,
       a.failed_count,
       a.last_archived_wal,
       a.last_archived_time,
       a.last_failed_wal,
       a.last_failed_time,
       a.stats_reset,
       current_setting('archive_mode') AS archive_mode,
       current_setting('archive_command') AS archive_command,
       current_setting('archive_timeout') AS archive_timeout,
       (SELECT setting::bigint FROM pg_settings WHERE name = 'wal_segment_size') AS wal_segment_bytes,
       pg_is_in_recovery() AS in_recovery,
       CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint END AS current_wal_bytes,
       pg_postmaster_start_time() AS server_started
FROM pg_stat_archiver a;
