-- archive.ready (daily): WAL segments waiting for the archiver (.ready files in pg_wal/archive_status)
-- and the archiver's last failure. pg_ls_archive_statusdir() needs pg_monitor.
-- Run: psql -d uns_metadata -f archive-ready.sql
SELECT current_setting('archive_mode') AS archive_mode,
       (SELECT count(*) FROM pg_ls_archive_statusdir() WHERE name LIKE '%.ready')::int AS ready,
       (SELECT min(modification) FROM pg_ls_archive_statusdir() WHERE name LIKE '%.ready') AS oldest_ready,
       a.failed_count, a.last_failed_wal, a.last_failed_time, a.last_archived_wal, a.last_archived_time
FROM pg_stat_archiver a;
