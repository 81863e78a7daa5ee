// Pure: the SQL that brings the database back to the grants baseline, from the drift items. It is PRINTED
// for an operator to review and run as a superuser (psql -1); nothing here executes it. Names are quoted
// with pg's escapeIdentifier; privileges and attributes are keywords from fixed lists, never input text.

import pg from 'pg';
import { AppError } from '../../errors.js';
import { OBJTYPE_WORD, type GrantDrift } from './diff.js';

const q = (name: string) => pg.escapeIdentifier(name);
/** 'public' is a reserved role name: the grantee PUBLIC. */
const grantee = (role: string) => (role === 'public' ? 'PUBLIC' : q(role));
const KEYWORDS = new Set([
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'TRUNCATE',
  'REFERENCES',
  'TRIGGER',
  'USAGE',
  'CREATE',
  'EXECUTE',
]);
const ATTRIBUTE = {
  login: 'LOGIN',
  replication: 'REPLICATION',
  superuser: 'SUPERUSER',
  createrole: 'CREATEROLE',
  createdb: 'CREATEDB',
  bypassrls: 'BYPASSRLS',
  inherit: 'INHERIT',
} as const;
const OWNER_ORDER = [
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
];
const ORDER = ['role', 'membership', 'owner', 'schema', 'table', 'sequence', 'column', 'default'];

type Of<K extends GrantDrift['kind']> = Extract<GrantDrift, { kind: K }>;

export function fixSql(drift: readonly GrantDrift[]): string[] {
  const owners = drift.filter((d): d is Of<'owner'> => d.kind === 'owner');
  // Objects that exist on one side only get a comment, not grants: drop them, migrate, or re-baseline.
  const unmatched = new Set(
    owners.filter((o) => o.expected === null || o.actual === null).map((o) => relation(o.ref.schema, o.ref.name)),
  );
  // After ALTER … OWNER the former owner's privileges merge into the new owner's: those pairs are reset.
  const reowned = new Map(
    owners
      .filter((o) => o.expected !== null && o.actual !== null)
      .map((o) => [relation(o.ref.schema, o.ref.name), o.expected]),
  );
  const sorted = [...drift].sort(
    (a, b) =>
      ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) ||
      (a.kind === 'owner' && b.kind === 'owner'
        ? OWNER_ORDER.indexOf(a.ref.kind) - OWNER_ORDER.indexOf(b.ref.kind)
        : 0),
  );
  return sorted.flatMap((d): string[] => {
    switch (d.kind) {
      case 'role':
        return roleSql(d);
      case 'membership':
        if (d.expected === null) return [`REVOKE ${q(d.object)} FROM ${q(d.role)};`];
        return [
          `GRANT ${q(d.object)} TO ${q(d.role)} WITH ADMIN ${bool(d.expected.admin)}, INHERIT ${bool(d.expected.inherit)}, SET ${bool(d.expected.set)};`,
        ];
      case 'owner':
        return ownerSql(d);
      case 'default': {
        const r = d.ref;
        const prefix = `ALTER DEFAULT PRIVILEGES FOR ROLE ${q(r.owner)}${r.schema === null ? '' : ` IN SCHEMA ${q(r.schema)}`} `;
        return delta(d.expected, d.actual).map(
          (s) => prefix + s(`ON ${OBJTYPE_WORD[r.objtype]}`, grantee(d.role), false),
        );
      }
      default: {
        const key = relation(d.ref.schema, d.ref.name);
        if (unmatched.has(key)) return [];
        const target =
          d.kind === 'schema'
            ? `SCHEMA ${q(d.ref.schema)}`
            : `${d.kind === 'sequence' ? 'SEQUENCE' : 'TABLE'} ${q(d.ref.schema)}.${q(d.ref.name ?? '')}`;
        const column = d.kind === 'column' ? ` (${q(d.ref.column ?? '')})` : '';
        const reset = reowned.has(key) && d.kind !== 'column';
        // The restored owner receives the former owner's privileges with the ownership: nothing to grant.
        if (reset && reowned.get(key) === d.role) return [];
        const list = reset ? absolute(d.expected) : delta(d.expected, d.actual);
        return [
          ...(reset ? [`REVOKE ALL ON ${target} FROM ${grantee(d.role)} CASCADE;`] : []),
          ...list.map((s) => s(`ON ${target}`, grantee(d.role), true, column)),
        ];
      }
    }
  });
}

const relation = (schema: string, name: string | null) => JSON.stringify([schema, name]);
const bool = (b: boolean) => (b ? 'TRUE' : 'FALSE');
/** Names inside -- comments: a line break in a name must not start a statement of its own. */
export const comment = (text: string) => text.replace(/[\p{Cc}\u2028\u2029]/gu, '?');

function roleSql(d: Of<'role'>): string[] {
  if (d.object === 'exists')
    return [
      comment(
        d.expected
          ? `-- role ${d.role} is missing: create it with uns-meta db bootstrap`
          : `-- role ${d.role} is not in the baseline`,
      ),
    ];
  const word = ATTRIBUTE[d.object as keyof typeof ATTRIBUTE];
  if (!word) throw new AppError('config_invalid', `unknown role attribute ${d.object} in the grants baseline`);
  return [`ALTER ROLE ${q(d.role)} ${d.expected ? '' : 'NO'}${word};`];
}

function ownerSql(d: Of<'owner'>): string[] {
  if (d.actual === null)
    return [comment(`-- missing: ${d.ref.kind} ${d.object} (apply the migrations: uns-meta migrate)`)];
  if (d.expected === null)
    return [
      comment(
        `-- not in the baseline: ${d.ref.kind} ${d.object} (owner ${d.actual}): drop it, or regenerate the baseline (uns-meta db grants-baseline --write) if a migration added it`,
      ),
    ];
  const r = d.ref;
  const name = r.name === null ? q(r.schema) : `${q(r.schema)}.${q(r.name)}`;
  const args = r.args === null ? '' : `(${r.args.map(([s, t]) => `${q(s)}.${q(t)}`).join(', ')})`;
  if (!OWNER_ORDER.includes(r.kind))
    throw new AppError('config_invalid', `unknown object kind ${r.kind} in the grants baseline`);
  return [`ALTER ${r.kind} ${name}${args} OWNER TO ${q(d.expected)};`];
}

type Statement = (on: string, to: string, cascade: boolean, column?: string) => string;

function words(privs: readonly string[], column = ''): string {
  for (const p of privs)
    if (!KEYWORDS.has(p)) throw new AppError('config_invalid', `unknown privilege ${p} in the grants baseline`);
  return privs.map((p) => p + column).join(', ');
}

const base = (t: string) => t.replace(/\*$/, '');

/** GRANT/REVOKE turning `actual` into `expected` (tokens, * = WITH GRANT OPTION). */
function delta(expected: readonly string[], actual: readonly string[]): Statement[] {
  const e = new Set(expected.map(base));
  const a = new Set(actual.map(base));
  const eOpt = new Set(expected.filter((t) => t.endsWith('*')).map(base));
  const aOpt = new Set(actual.filter((t) => t.endsWith('*')).map(base));
  const revoke = [...a].filter((p) => !e.has(p));
  const revokeOpt = [...aOpt].filter((p) => e.has(p) && !eOpt.has(p));
  const grant = [...e].filter((p) => !a.has(p) && !eOpt.has(p));
  const grantOpt = [...eOpt].filter((p) => !aOpt.has(p));
  const out: Statement[] = [];
  // CASCADE only where a grant option is taken away: what others received through it is drift as well.
  if (revoke.length)
    out.push(
      (on, to, c, col) =>
        `REVOKE ${words(revoke, col)} ${on} FROM ${to}${c && revoke.some((p) => aOpt.has(p)) ? ' CASCADE' : ''};`,
    );
  if (revokeOpt.length)
    out.push(
      (on, to, c, col) => `REVOKE GRANT OPTION FOR ${words(revokeOpt, col)} ${on} FROM ${to}${c ? ' CASCADE' : ''};`,
    );
  if (grant.length) out.push((on, to, _c, col) => `GRANT ${words(grant, col)} ${on} TO ${to};`);
  if (grantOpt.length) out.push((on, to, _c, col) => `GRANT ${words(grantOpt, col)} ${on} TO ${to} WITH GRANT OPTION;`);
  return out;
}

/** After REVOKE ALL: grant exactly what the baseline lists. */
function absolute(expected: readonly string[]): Statement[] {
  return delta(expected, []);
}
