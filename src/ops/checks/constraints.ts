// constraints.valid: every constraint of uns_meta is validated (a NOT VALID one does not protect old rows).

import type { OpsCheck } from '../runner.js';
import { opsSql } from '../sql-files.js';

export const constraintChecks: OpsCheck[] = [
  {
    id: 'constraints.valid',
    title: 'Constraints of uns_meta are validated',
    cadence: 'weekly',
    unit: 'constraints',
    thresholds: { warn: null, crit: 0 },
    remedy: 'Validation SQL kit (Constraints): ALTER TABLE … VALIDATE CONSTRAINT … for each listed, after fixing the rows it reports',
    run: async (ctx, t) => {
      const rows = (await ctx.db.query<{ table_name: string; conname: string; contype: string; status: string }>(opsSql('constraints-valid.sql'))).rows;
      const invalid = rows.filter((r) => r.status !== 'valid');
      return {
        status: t.crit !== null && invalid.length > t.crit ? 'CRIT' : 'OK',
        value: invalid.length,
        evidence: { invalid: invalid.map((r) => ({ table: r.table_name, constraint: r.conname, type: r.contype })), checked: rows.length },
      };
    },
  },
];
