// Pure: every difference between the grants baseline and the database's current grants, one item per
// (object, role) as { kind, object, role, expected, actual } plus the identity the fix SQL needs.
// Writes no SQL (fix.ts does) and reads nothing.

import type {
  DefaultEntry,
  GrantsBaseline,
  MembershipEntry,
  OwnerEntry,
  PrivilegeEntry,
  RoleEntry,
} from './current.js';

type Options = Pick<MembershipEntry, 'admin' | 'inherit' | 'set'>;
export type ObjectRef = Pick<PrivilegeEntry, 'schema' | 'name' | 'column'>;

export type GrantDrift =
  /** object: the attribute ('login', …), or 'exists' when the role itself is missing. */
  | { kind: 'role'; object: string; role: string; expected: boolean | null; actual: boolean | null }
  /** object: the granted role; role: its member; null = no membership. */
  | { kind: 'membership'; object: string; role: string; expected: Options | null; actual: Options | null }
  | { kind: PrivilegeEntry['kind']; object: string; role: string; expected: string[]; actual: string[]; ref: ObjectRef }
  | {
      kind: 'default';
      object: string;
      role: string;
      expected: string[];
      actual: string[];
      ref: Omit<DefaultEntry, 'role' | 'privileges'>;
    }
  /** role: the owner now; null owner = the object is missing on that side. */
  | {
      kind: 'owner';
      object: string;
      role: string;
      expected: string | null;
      actual: string | null;
      ref: Omit<OwnerEntry, 'owner'>;
    };

const ATTRIBUTES = ['login', 'replication', 'superuser', 'createrole', 'createdb', 'bypassrls', 'inherit'] as const;
export const OBJTYPE_WORD = { r: 'TABLES', S: 'SEQUENCES', f: 'FUNCTIONS', T: 'TYPES', n: 'SCHEMAS' } as const;
/** What PostgreSQL grants on new objects without any default ACL row (acldefault): the owner everything, PUBLIC some. */
const HARDWIRED = {
  r: ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'],
  S: ['SELECT', 'UPDATE', 'USAGE'],
  f: ['EXECUTE'],
  T: ['USAGE'],
  n: ['USAGE', 'CREATE'],
} as const;

export function diffGrants(expected: GrantsBaseline, actual: GrantsBaseline): GrantDrift[] {
  return [
    ...roles(expected.roles, actual.roles),
    ...memberships(expected.memberships, actual.memberships),
    ...owners(expected.owners, actual.owners),
    ...privileges(expected.privileges, actual.privileges),
    ...defaults(expected.defaults, actual.defaults),
  ];
}

/** Pairs the two sides by key, in baseline order then the new ones. */
function pair<T>(a: readonly T[], b: readonly T[], key: (x: T) => string): Array<[T | undefined, T | undefined]> {
  const left = new Map(a.map((x) => [key(x), x]));
  const right = new Map(b.map((x) => [key(x), x]));
  return [...new Set([...left.keys(), ...right.keys()])].map((k) => [left.get(k), right.get(k)]);
}

const sameSet = (x: readonly string[], y: readonly string[]) => x.length === y.length && x.every((t) => y.includes(t));

function roles(e: RoleEntry[], a: RoleEntry[]): GrantDrift[] {
  return pair(e, a, (r) => r.role).flatMap(([x, y]): GrantDrift[] => {
    const role = (x ?? y)!.role;
    if (!x || !y) return [{ kind: 'role', object: 'exists', role, expected: !!x, actual: !!y }];
    return ATTRIBUTES.filter((k) => x[k] !== y[k]).map((k) => ({
      kind: 'role',
      object: k,
      role,
      expected: x[k],
      actual: y[k],
    }));
  });
}

function memberships(e: MembershipEntry[], a: MembershipEntry[]): GrantDrift[] {
  const opts = (m: MembershipEntry | undefined): Options | null =>
    m ? { admin: m.admin, inherit: m.inherit, set: m.set } : null;
  return pair(e, a, (m) => `${m.role}\u0000${m.member}`)
    .filter(([x, y]) => JSON.stringify(opts(x)) !== JSON.stringify(opts(y)))
    .map(([x, y]) => ({
      kind: 'membership',
      object: (x ?? y)!.role,
      role: (x ?? y)!.member,
      expected: opts(x),
      actual: opts(y),
    }));
}

export function ownerObject(o: Omit<OwnerEntry, 'owner'>): string {
  const name = o.name === null ? o.schema : `${o.schema}.${o.name}`;
  return o.args === null ? name : `${name}(${o.args.map(([s, t]) => `${s}.${t}`).join(', ')})`;
}

function owners(e: OwnerEntry[], a: OwnerEntry[]): GrantDrift[] {
  return pair(e, a, (o) => JSON.stringify([o.kind, o.schema, o.name, o.args]))
    .filter(([x, y]) => x?.owner !== y?.owner)
    .map(([x, y]) => {
      const { owner: _owner, ...ref } = (x ?? y)!;
      return {
        kind: 'owner',
        object: ownerObject(ref),
        role: y?.owner ?? x!.owner,
        expected: x?.owner ?? null,
        actual: y?.owner ?? null,
        ref,
      };
    });
}

export function privilegeObject(p: ObjectRef): string {
  return [p.schema, p.name, p.column].filter((s) => s !== null).join('.');
}

function privileges(e: PrivilegeEntry[], a: PrivilegeEntry[]): GrantDrift[] {
  return pair(e, a, (p) => JSON.stringify([p.kind, p.schema, p.name, p.column, p.role]))
    .filter(([x, y]) => !sameSet(x?.privileges ?? [], y?.privileges ?? []))
    .map(([x, y]) => {
      const p = (x ?? y)!;
      const ref = { schema: p.schema, name: p.name, column: p.column };
      return {
        kind: p.kind,
        object: privilegeObject(ref),
        role: p.role,
        expected: x?.privileges ?? [],
        actual: y?.privileges ?? [],
        ref,
      };
    });
}

/** A global default (schema null) absent on one side means PostgreSQL's hard-wired default, not nothing. */
function absentDefault(d: DefaultEntry): string[] {
  if (d.schema !== null) return [];
  if (d.role === d.owner) return [...HARDWIRED[d.objtype]];
  return d.role === 'public' && (d.objtype === 'f' || d.objtype === 'T') ? [...HARDWIRED[d.objtype]] : [];
}

function defaults(e: DefaultEntry[], a: DefaultEntry[]): GrantDrift[] {
  return pair(e, a, (d) => JSON.stringify([d.owner, d.schema, d.objtype, d.role]))
    .map(([x, y]) => {
      const d = (x ?? y)!;
      const ref = { owner: d.owner, schema: d.schema, objtype: d.objtype };
      return {
        kind: 'default' as const,
        object: `${d.owner}: ${d.schema ?? '(all schemas)'} ${OBJTYPE_WORD[d.objtype]}`,
        role: d.role,
        expected: x?.privileges ?? absentDefault(d),
        actual: y?.privileges ?? absentDefault(d),
        ref,
      };
    })
    .filter((d) => !sameSet(d.expected, d.actual));
}
