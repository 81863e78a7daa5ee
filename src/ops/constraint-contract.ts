// The constraints spec/schema.md makes a contract, with their definitions as PostgreSQL 16 prints them
// (pg_get_constraintdef, pg_get_indexdef; search_path = pg_catalog) for the migrations applied to a fresh
// database — test/ops/catalog-contract.test.ts proves this table equals that. Pure data and comparison.

export interface ContractConstraint {
  table: string;
  name: string;
  /** pg_constraint.contype: p primary key, u unique, f foreign key, c check. */
  type: 'p' | 'u' | 'f' | 'c';
  definition: string;
  /** The index behind a primary key or unique constraint. */
  index?: string;
}

export interface ActualConstraint {
  table_name: string;
  conname: string;
  contype: string;
  definition: string;
  index_definition: string | null;
}

const pk = (table: string, name: string, cols: string): ContractConstraint => ({
  table: `uns_meta.${table}`,
  name,
  type: 'p',
  definition: `PRIMARY KEY (${cols})`,
  index: `CREATE UNIQUE INDEX ${name} ON uns_meta.${table} USING btree (${cols})`,
});
const unique = (table: string, name: string, cols: string): ContractConstraint => ({
  ...pk(table, name, cols),
  type: 'u',
  definition: `UNIQUE (${cols})`,
});
const fk = (table: string, col: string, ref: string, refCol: string, extra = ''): ContractConstraint => ({
  table: `uns_meta.${table}`,
  name: `${table}_${col}_fkey`,
  type: 'f',
  definition: `FOREIGN KEY (${col}) REFERENCES uns_meta.${ref}(${refCol}) ON DELETE CASCADE${extra}`,
});

export const CONTRACT_CONSTRAINTS: readonly ContractConstraint[] = [
  pk('devices', 'devices_pkey', 'device_id'),
  unique('devices', 'uq_devices_spb_identity', 'group_id, edge, device'),
  unique('devices', 'uq_devices_uns_path', 'uns_path'),
  pk('metrics', 'metrics_pkey', 'metric_id'),
  unique('metrics', 'uq_metric_spb_identity', 'device_id, name'),
  unique('metrics', 'uq_metrics_uns_path', 'uns_path'),
  fk('metrics', 'device_id', 'devices', 'device_id'),
  pk('metric_properties', 'metric_properties_pkey', 'metric_id, key'),
  fk('metric_properties', 'metric_id', 'metrics', 'metric_id', ' DEFERRABLE'),
  {
    table: 'uns_meta.metric_properties',
    name: 'chk_metric_properties_type_value',
    type: 'c',
    // Exactly as printed, line breaks included (pg_get_constraintdef indents CASE).
    definition: [
      'CHECK ((((((((((value_int IS NOT NULL))::integer + ((value_long IS NOT NULL))::integer) + ((value_float IS NOT NULL))::integer) + ((value_double IS NOT NULL))::integer) + ((value_string IS NOT NULL))::integer) + ((value_bool IS NOT NULL))::integer) = 1) AND',
      'CASE type',
      ...['int', 'long', 'float', 'double', 'string', 'boolean'].map(
        (t) => `    WHEN '${t}'::uns_meta.spb_property_type THEN (value_${t === 'boolean' ? 'bool' : t} IS NOT NULL)`,
      ),
      '    ELSE NULL::boolean',
      'END))',
    ].join('\n'),
  },
  pk('metric_versions', 'metric_versions_pkey', 'version_id'),
  fk('metric_versions', 'metric_id', 'metrics', 'metric_id'),
  pk('metric_path_lineage', 'metric_path_lineage_pkey', 'lineage_id'),
  unique('metric_path_lineage', 'uq_lineage', 'metric_id, old_uns_path, new_uns_path'),
  fk('metric_path_lineage', 'metric_id', 'metrics', 'metric_id'),
];

export interface ContractDifference {
  table: string;
  constraint: string;
  problem: 'missing' | 'differs';
  expected: { type: string; definition: string; index?: string };
  actual?: { type: string; definition: string; index: string | null };
}

/** Each contract constraint missing by name, or present with another type, definition or index. */
export function compareContract(
  expected: readonly ContractConstraint[],
  actual: readonly ActualConstraint[],
): ContractDifference[] {
  const byKey = new Map(actual.map((a) => [`${a.table_name}\u0000${a.conname}`, a]));
  const out: ContractDifference[] = [];
  for (const e of expected) {
    const a = byKey.get(`${e.table}\u0000${e.name}`);
    const exp = { type: e.type, definition: e.definition, ...(e.index ? { index: e.index } : {}) };
    if (!a) {
      out.push({ table: e.table, constraint: e.name, problem: 'missing', expected: exp });
      continue;
    }
    if (a.contype !== e.type || a.definition !== e.definition || (a.index_definition ?? undefined) !== e.index) {
      out.push({
        table: e.table,
        constraint: e.name,
        problem: 'differs',
        expected: exp,
        actual: { type: a.contype, definition: a.definition, index: a.index_definition },
      });
    }
  }
  return out;
}
