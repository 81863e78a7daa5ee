-- data.checksums (quarterly): whether data pages carry checksums, and the failures found so far.
-- Run: psql -d uns_metadata -f data-checksums.sql
SELECT current_setting('data_checksums') AS data_checksums,
       (SELECT coalesce(sum(checksum_failures), 0)::bigint FROM pg_stat_database) AS failures,
       (SELECT max(checksum_last_failure) FROM pg_stat_database) AS last_failure;
