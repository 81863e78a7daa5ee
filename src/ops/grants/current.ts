// The privileges of the playbook's roles as data: what `db grants-baseline` writes and what the monthly
// drift check compares against. One query (src/ops/sql/grants-current.sql, runnable with psql -f) so the
// baseline and the check can never read differently; this file only runs it and names the shape.

import { z } from 'zod';
import type { Queryable } from '../../db.js';
import { opsSql } from '../sql-files.js';

const role = z.object({
  role: z.string(),
  login: z.boolean(),
  replication: z.boolean(),
  superuser: z.boolean(),
  createrole: z.boolean(),
  createdb: z.boolean(),
  bypassrls: z.boolean(),
  inherit: z.boolean(),
});
/** `member` is a member of `role`; options are OR-ed over grantors (who granted is not baseline). */
const membership = z.object({
  role: z.string(),
  member: z.string(),
  admin: z.boolean(),
  inherit: z.boolean(),
  set: z.boolean(),
});
/** Privilege tokens: 'SELECT', or 'SELECT*' WITH GRANT OPTION; role 'public' is PUBLIC. Only known
 * keywords pass: the fix SQL writes them as keywords. */
const tokens = z.array(
  z.string().regex(/^(SELECT|INSERT|UPDATE|DELETE|TRUNCATE|REFERENCES|TRIGGER|USAGE|CREATE|EXECUTE)\*?$/),
);
const privilege = z.object({
  kind: z.enum(['schema', 'table', 'sequence', 'column']),
  schema: z.string(),
  name: z.string().nullable(),
  column: z.string().nullable(),
  role: z.string(),
  privileges: tokens,
});
/** pg_default_acl exploded per grantee; schema null = the owner's global default privileges. */
const defaultAcl = z.object({
  owner: z.string(),
  schema: z.string().nullable(),
  objtype: z.enum(['r', 'S', 'f', 'T', 'n']),
  role: z.string(),
  privileges: tokens,
});
const owner = z.object({
  kind: z.enum([
    'SCHEMA',
    'TABLE',
    'VIEW',
    'MATERIALIZED VIEW',
    'FOREIGN TABLE',
    'SEQUENCE',
    'TYPE',
    'FUNCTION',
    'PROCEDURE',
    'AGGREGATE',
  ]),
  schema: z.string(),
  name: z.string().nullable(),
  /** Input types of a routine as [schema, type]; null for other objects. */
  args: z.array(z.tuple([z.string(), z.string()])).nullable(),
  owner: z.string(),
});

export const grantsBaselineSchema = z.object({
  roles: z.array(role),
  memberships: z.array(membership),
  privileges: z.array(privilege),
  defaults: z.array(defaultAcl),
  owners: z.array(owner),
});

export type GrantsBaseline = z.infer<typeof grantsBaselineSchema>;
export type RoleEntry = z.infer<typeof role>;
export type MembershipEntry = z.infer<typeof membership>;
export type PrivilegeEntry = z.infer<typeof privilege>;
export type DefaultEntry = z.infer<typeof defaultAcl>;
export type OwnerEntry = z.infer<typeof owner>;

export async function readGrants(db: Queryable): Promise<GrantsBaseline> {
  const r = await db.query<{ grants: unknown }>(opsSql('grants-current.sql'));
  // Parsed, not cast: a catalog change the query does not expect fails here, loudly.
  return grantsBaselineSchema.parse(r.rows[0]?.grants);
}
