-- grants.drift: the grants of the playbook's four roles on uns_meta and uns_meta_sync as ONE JSON document
-- shaped like database/grants-baseline.json, so `psql -Atf grants-current.sql` can be diffed with it.
-- The four roles' privileges are effective (has_*_privilege: direct, via PUBLIC or a membership); anyone
-- else's (grantee 'public' = PUBLIC, a reserved role name) are the direct ACL entries, as are column
-- grants. A trailing * marks WITH GRANT OPTION. Default privileges are the stored rows, exploded per
-- grantee; global ones (schema null) hold their full ACL. Sequences owned by a column are listed: their
-- owner follows the table's.
WITH playbook(rolname) AS (VALUES ('uns_meta_admin'), ('uns_meta_app'), ('uns_meta_cdc'), ('uns_meta_ro')),
pr AS (SELECT r.oid, r.rolname FROM pg_roles r JOIN playbook USING (rolname)),
ours AS (SELECT oid, nspname, nspowner, nspacl FROM pg_namespace WHERE nspname IN ('uns_meta', 'uns_meta_sync')),
rels AS (
  SELECT c.oid, n.nspname, c.relname, c.relkind, c.relowner, c.relacl,
         CASE WHEN c.relkind = 'S' THEN 'sequence' ELSE 'table' END AS kind
  FROM pg_class c JOIN ours n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
),
privs(kind, priv, ord) AS (VALUES
  ('schema', 'USAGE', 1), ('schema', 'CREATE', 2),
  ('table', 'SELECT', 1), ('table', 'INSERT', 2), ('table', 'UPDATE', 3), ('table', 'DELETE', 4),
  ('table', 'TRUNCATE', 5), ('table', 'REFERENCES', 6), ('table', 'TRIGGER', 7),
  ('sequence', 'USAGE', 1), ('sequence', 'SELECT', 2), ('sequence', 'UPDATE', 3),
  ('column', 'SELECT', 1), ('column', 'INSERT', 2), ('column', 'UPDATE', 3), ('column', 'REFERENCES', 4)),
effective AS (
  SELECT 'schema' AS kind, n.nspname AS schema, NULL::name AS name, NULL::name AS "column", pr.rolname AS role,
         ARRAY(SELECT p.priv || CASE WHEN has_schema_privilege(pr.oid, n.oid, p.priv || ' WITH GRANT OPTION') THEN '*' ELSE '' END
               FROM privs p WHERE CASE WHEN p.kind = 'schema' THEN has_schema_privilege(pr.oid, n.oid, p.priv) ELSE false END ORDER BY p.ord) AS privileges
  FROM ours n CROSS JOIN pr
  UNION ALL
  SELECT r.kind, r.nspname, r.relname, NULL, pr.rolname,
         ARRAY(SELECT p.priv || CASE WHEN (CASE WHEN r.kind = 'sequence' THEN has_sequence_privilege(pr.oid, r.oid, p.priv || ' WITH GRANT OPTION')
                                                ELSE has_table_privilege(pr.oid, r.oid, p.priv || ' WITH GRANT OPTION') END) THEN '*' ELSE '' END
               FROM privs p
               -- CASE, not AND: a privilege of another kind must never reach has_*_privilege (it raises).
               WHERE CASE WHEN p.kind <> r.kind THEN false
                          WHEN r.kind = 'sequence' THEN has_sequence_privilege(pr.oid, r.oid, p.priv)
                          ELSE has_table_privilege(pr.oid, r.oid, p.priv) END
               ORDER BY p.ord)
  FROM rels r CROSS JOIN pr
),
acl AS (
  SELECT 'schema' AS kind, n.nspname AS schema, NULL::name AS name, NULL::name AS "column", a.*
  FROM ours n, aclexplode(n.nspacl) a
  UNION ALL SELECT r.kind, r.nspname, r.relname, NULL, a.* FROM rels r, aclexplode(r.relacl) a
  UNION ALL SELECT 'column', r.nspname, r.relname, c.attname, a.*
  FROM rels r JOIN pg_attribute c ON c.attrelid = r.oid AND c.attnum > 0 AND NOT c.attisdropped, aclexplode(c.attacl) a
),
direct AS (
  SELECT a.kind, a.schema, a.name, a."column",
         CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee)::text END AS role,
         array_agg(a.privilege_type || CASE WHEN a.is_grantable THEN '*' ELSE '' END ORDER BY p.ord) AS privileges
  FROM (SELECT kind, schema, name, "column", grantee, privilege_type, bool_or(is_grantable) AS is_grantable
        FROM acl GROUP BY 1, 2, 3, 4, 5, 6) a
  LEFT JOIN privs p ON p.kind = a.kind AND p.priv = a.privilege_type
  WHERE a.kind = 'column' OR a.grantee NOT IN (SELECT oid FROM pr)
  GROUP BY 1, 2, 3, 4, 5
),
defaults AS (
  SELECT pg_get_userbyid(d.defaclrole)::text AS owner, n.nspname AS schema, d.defaclobjtype::text AS objtype,
         CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee)::text END AS role,
         array_agg(a.privilege_type || CASE WHEN a.is_grantable THEN '*' ELSE '' END ORDER BY p.ord, a.privilege_type) AS privileges
  FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace CROSS JOIN aclexplode(d.defaclacl) a
  LEFT JOIN privs p ON p.kind = CASE d.defaclobjtype WHEN 'r' THEN 'table' WHEN 'S' THEN 'sequence' WHEN 'n' THEN 'schema' END
                   AND p.priv = a.privilege_type
  WHERE d.defaclnamespace = 0 OR n.nspname IN ('uns_meta', 'uns_meta_sync')
  GROUP BY 1, 2, 3, 4
),
owners AS (
  SELECT 'SCHEMA' AS kind, n.nspname AS schema, NULL::name AS name, NULL::json AS args, pg_get_userbyid(n.nspowner)::text AS owner FROM ours n
  UNION ALL
  SELECT CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
         r.nspname, r.relname, NULL, pg_get_userbyid(r.relowner)::text
  FROM rels r
  UNION ALL
  SELECT 'TYPE', n.nspname, c.relname, NULL, pg_get_userbyid(c.relowner)::text
  FROM pg_class c JOIN ours n ON n.oid = c.relnamespace WHERE c.relkind = 'c'
  UNION ALL
  SELECT 'TYPE', n.nspname, t.typname, NULL, pg_get_userbyid(t.typowner)::text
  FROM pg_type t JOIN ours n ON n.oid = t.typnamespace WHERE t.typtype IN ('e', 'd', 'r')
  UNION ALL
  SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END,
         n.nspname, p.proname,
         -- Input types as [schema, type] whatever the session's search_path (format_type would vary with it).
         (SELECT COALESCE(json_agg(json_build_array(tn.nspname, t.typname) ORDER BY a.i), '[]')
          FROM unnest(p.proargtypes) WITH ORDINALITY a(oid, i) JOIN pg_type t ON t.oid = a.oid JOIN pg_namespace tn ON tn.oid = t.typnamespace),
         pg_get_userbyid(p.proowner)::text
  FROM pg_proc p JOIN ours n ON n.oid = p.pronamespace
)
SELECT json_build_object(
  'roles', COALESCE((SELECT json_agg(x ORDER BY x.role) FROM (
      SELECT r.rolname::text AS role, r.rolcanlogin AS login, r.rolreplication AS replication, r.rolsuper AS superuser,
             r.rolcreaterole AS createrole, r.rolcreatedb AS createdb, r.rolbypassrls AS bypassrls, r.rolinherit AS inherit
      FROM pg_roles r JOIN playbook USING (rolname)) x), '[]'),
  'memberships', COALESCE((SELECT json_agg(x ORDER BY x.role, x.member) FROM (
      SELECT pg_get_userbyid(m.roleid)::text AS role, pg_get_userbyid(m.member)::text AS member,
             bool_or(m.admin_option) AS admin, bool_or(m.inherit_option) AS inherit, bool_or(m.set_option) AS set
      FROM pg_auth_members m
      WHERE m.roleid IN (SELECT oid FROM pr) OR m.member IN (SELECT oid FROM pr)
      GROUP BY 1, 2) x), '[]'),
  'privileges', COALESCE((SELECT json_agg(x ORDER BY x.kind, x.schema, x.name NULLS FIRST, x."column" NULLS FIRST, x.role) FROM (
      SELECT * FROM effective UNION ALL SELECT * FROM direct) x), '[]'),
  'defaults', COALESCE((SELECT json_agg(x ORDER BY x.owner, x.schema NULLS FIRST, x.objtype, x.role) FROM defaults x), '[]'),
  'owners', COALESCE((SELECT json_agg(x ORDER BY x.schema, x.kind, x.name NULLS FIRST, x.args::text) FROM owners x), '[]')
) AS grants;
