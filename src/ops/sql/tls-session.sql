-- tls.session (daily): the TLS state of this very connection (a session always sees its own row).
-- Run with the service's connection settings: psql "$DATABASE_URL" -f tls-session.sql
SELECT s.ssl,
       s.version,
       s.cipher,
       s.bits,
       s.client_dn,
       s.issuer_dn
FROM pg_stat_ssl s
WHERE s.pid = pg_backend_pid();
