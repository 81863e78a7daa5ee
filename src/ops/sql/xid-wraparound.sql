-- xid.wraparound (daily): transaction id age of this database (and the oldest of the cluster).
-- Run: psql -d uns_metadata -f xid-wraparound.sql
SELECT age(d.datfrozenxid)::bigint AS xid_age,
       (SELECT max(age(datfrozenxid))::bigint FROM pg_database) AS cluster_max_xid_age,
       current_database() AS database
FROM pg_database d
WHERE d.datname = current_database();
