// The privileges of the playbook's roles as data: what `db grants-baseline` writes and what the monthly
// drift check compares against. Read from the catalogs, sorted, so two databases compare line by line.

import type { Queryable } from '../db.js';

export interface GrantsBaseline {
  roles: Array<{ role: string; login: boolean; replication: boolean; superuser: boolean }>;
  schemas: Array<{ schema: string; role: string; privileges: string[] }>;
  tables: Array<{ table: string; role: string; privileges: string[] }>;
  defaults: Array<{ owner: string; schema: string; objtype: string; acl: string[] }>;
}

const ROLE_NAMES = ['uns_meta_admin', 'uns_meta_app', 'uns_meta_ro', 'uns_meta_cdc'];

export async function readGrants(db: Queryable): Promise<GrantsBaseline> {
  const roles = await db.query(
    `SELECT rolname AS role, rolcanlogin AS login, rolreplication AS replication, rolsuper AS superuser
     FROM pg_roles WHERE rolname = ANY($1) ORDER BY rolname`,
    [ROLE_NAMES],
  );
  const schemas = await db.query(
    `SELECT n.nspname AS schema, r.rolname AS role,
       array_remove(ARRAY[CASE WHEN has_schema_privilege(r.rolname, n.oid, 'USAGE') THEN 'USAGE' END,
                          CASE WHEN has_schema_privilege(r.rolname, n.oid, 'CREATE') THEN 'CREATE' END], NULL) AS privileges
     FROM pg_namespace n CROSS JOIN pg_roles r
     WHERE n.nspname IN ('uns_meta', 'uns_meta_sync') AND r.rolname = ANY($1) ORDER BY 1, 2`,
    [ROLE_NAMES],
  );
  const tables = await db.query(
    `SELECT c.table_schema || '.' || c.table_name AS table, r.rolname AS role,
       array_remove(ARRAY[
         CASE WHEN has_table_privilege(r.rolname, c.table_schema || '.' || c.table_name, 'SELECT') THEN 'SELECT' END,
         CASE WHEN has_table_privilege(r.rolname, c.table_schema || '.' || c.table_name, 'INSERT') THEN 'INSERT' END,
         CASE WHEN has_table_privilege(r.rolname, c.table_schema || '.' || c.table_name, 'UPDATE') THEN 'UPDATE' END,
         CASE WHEN has_table_privilege(r.rolname, c.table_schema || '.' || c.table_name, 'DELETE') THEN 'DELETE' END,
         CASE WHEN has_table_privilege(r.rolname, c.table_schema || '.' || c.table_name, 'TRUNCATE') THEN 'TRUNCATE' END], NULL) AS privileges
     FROM information_schema.tables c CROSS JOIN pg_roles r
     WHERE c.table_schema IN ('uns_meta', 'uns_meta_sync') AND r.rolname = ANY($1) ORDER BY 1, 2`,
    [ROLE_NAMES],
  );
  const defaults = await db.query(
    `SELECT pg_get_userbyid(d.defaclrole) AS owner, n.nspname AS schema, d.defaclobjtype::text AS objtype,
       (SELECT array_agg(a::text ORDER BY a::text) FROM unnest(d.defaclacl) a) AS acl
     FROM pg_default_acl d JOIN pg_namespace n ON n.oid = d.defaclnamespace ORDER BY 1, 2, 3`,
  );
  return { roles: roles.rows, schemas: schemas.rows, tables: tables.rows, defaults: defaults.rows };
}
