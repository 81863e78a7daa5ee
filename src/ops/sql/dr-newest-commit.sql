-- dr-rehearsal RPO: when the application's data was last written (rows stamp now() in the writing
-- transaction). Run on the live database and on the restored copy: the difference is what the restore
-- lacks. $1: an upper bound (the PITR target) or NULL.
-- Run: replace $1 with NULL (or the target time), then psql -d uns_metadata -f dr-newest-commit.sql
SELECT greatest(
  (SELECT max(updated_at) FROM uns_meta.devices WHERE updated_at <= coalesce($1::timestamptz, 'infinity')),
  (SELECT max(updated_at) FROM uns_meta.metrics WHERE updated_at <= coalesce($1::timestamptz, 'infinity')),
  (SELECT max(updated_at) FROM uns_meta.metric_properties WHERE updated_at <= coalesce($1::timestamptz, 'infinity')),
  (SELECT max(changed_at) FROM uns_meta.metric_versions WHERE changed_at <= coalesce($1::timestamptz, 'infinity')),
  (SELECT max(changed_at) FROM uns_meta.metric_path_lineage WHERE changed_at <= coalesce($1::timestamptz, 'infinity')),
  (SELECT max(applied_at) FROM uns_meta_sync.births WHERE applied_at <= coalesce($1::timestamptz, 'infinity')),
  (SELECT max(received_at) FROM uns_meta_sync.quarantine WHERE received_at <= coalesce($1::timestamptz, 'infinity'))
) AS newest_commit;
