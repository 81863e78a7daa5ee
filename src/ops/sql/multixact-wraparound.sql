-- multixact.wraparound (daily): multixact id age of this database (and the oldest of the cluster).
-- Run: psql -d uns_metadata -f multixact-wraparound.sql
SELECT mxid_age(d.datminmxid)::bigint AS mxid_age,
       (SELECT max(mxid_age(datminmxid))::bigint FROM pg_database) AS cluster_max_mxid_age,
       current_database() AS database
FROM pg_database d
WHERE d.datname = current_database();
