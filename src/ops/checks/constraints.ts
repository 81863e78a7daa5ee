// constraints.valid: every constraint of uns_meta is validated (a NOT VALID one does not protect old rows).
// constraints.contract: the contract's constraints exist with the definitions the migrations create.

import type { Pool } from '../../db.js';
import { compareContract, CONTRACT_CONSTRAINTS, type ActualConstraint } from '../constraint-contract.js';
import type { OpsCheck } from '../runner.js';
import { opsSql } from '../sql-files.js';

/** Definitions print names relative to search_path; pg_catalog alone makes every name schema-qualified. */
async function qualifiedQuery<R extends object>(db: Pool, sql: string): Promise<R[]> {
  const client = await db.connect();
  try {
    await client.query('BEGIN READ ONLY');
    await client.query('SET LOCAL search_path = pg_catalog');
    const rows = (await client.query<R>(sql)).rows;
    await client.query('COMMIT');
    return rows;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export const constraintChecks: OpsCheck[] = [
  {
    id: 'constraints.valid',
    title: 'Constraints of uns_meta are validated',
    cadence: 'weekly',
    unit: 'constraints',
    thresholds: { warn: null, crit: 0 },
    remedy:
      'Validation SQL kit (Constraints): ALTER TABLE … VALIDATE CONSTRAINT … for each listed, after fixing the rows it reports',
    run: async (ctx, t) => {
      const rows = (
        await ctx.db.query<{ table_name: string; conname: string; contype: string; status: string }>(
          opsSql('constraints-valid.sql'),
        )
      ).rows;
      const invalid = rows.filter((r) => r.status !== 'valid');
      return {
        status: t.crit !== null && invalid.length > t.crit ? 'CRIT' : 'OK',
        value: invalid.length,
        evidence: {
          invalid: invalid.map((r) => ({ table: r.table_name, constraint: r.conname, type: r.contype })),
          checked: rows.length,
        },
      };
    },
  },
  {
    id: 'constraints.contract',
    title: 'Contract constraints of uns_meta exist with the expected definitions',
    cadence: 'weekly',
    unit: 'constraints',
    thresholds: { warn: null, crit: 0 },
    remedy:
      'Troubleshooting flow A (schema drift): restore each listed constraint as database/migrations define it (change control, DBA sign-off); until then ingest may write rows the contract forbids',
    run: async (ctx, t) => {
      const actual = await qualifiedQuery<ActualConstraint>(ctx.db, opsSql('constraints-contract.sql'));
      const differences = compareContract(CONTRACT_CONSTRAINTS, actual);
      return {
        status:
          t.crit !== null && differences.length > t.crit
            ? 'CRIT'
            : t.warn !== null && differences.length > t.warn
              ? 'WARN'
              : 'OK',
        value: differences.length,
        evidence: { differences, checked: CONTRACT_CONSTRAINTS.length },
      };
    },
  },
];
