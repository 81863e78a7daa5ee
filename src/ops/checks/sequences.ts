// sequences.exhaustion (monthly): identity/serial sequences of both schemas against the smaller of their
// own maximum and their column's type maximum (an int column fed by a bigint sequence fails at 2^31-1).

import { statusAbove } from '../check.js';
import type { OpsCheck } from '../runner.js';
import { opsSql } from '../sql-files.js';

interface SequenceRow {
  schema: string;
  sequence: string;
  last_value: bigint | string | null;
  increment_by: bigint | string;
  readable: boolean;
  table_name: string | null;
  column_name: string | null;
  column_type: string | null;
  max_value: bigint | string;
}

const sequencesExhaustion: OpsCheck = {
  id: 'sequences.exhaustion',
  title: 'Sequences: share of their range used',
  cadence: 'monthly',
  unit: 'percent',
  thresholds: { warn: 75, crit: 90 },
  remedy:
    'Widen the column named in the evidence to bigint (ALTER TABLE ... ALTER COLUMN ... TYPE bigint, and ALTER SEQUENCE ... AS bigint) in a maintenance window, before inserts start failing',
  run: async (ctx, t) => {
    const rows = (await ctx.db.query<SequenceRow>(opsSql('sequences-exhaustion.sql'))).rows;
    const hidden = rows.filter((r) => !r.readable).map((r) => `${r.schema}.${r.sequence}`);
    if (hidden.length > 0) {
      const role = (await ctx.db.query<{ role: string }>('SELECT current_user AS role')).rows[0]?.role ?? '<role>';
      return {
        status: 'UNKNOWN',
        evidence: { unreadable: hidden },
        remedy: `GRANT USAGE ON ALL SEQUENCES IN SCHEMA uns_meta, uns_meta_sync TO ${role}`,
      };
    }
    const sequences = rows.map((r) => {
      // Never called yet: last_value is null and nothing of the range is used.
      const used = r.last_value === null ? 0 : Number(r.last_value);
      const pct = Number(r.increment_by) > 0 ? (100 * used) / Number(r.max_value) : 0;
      return {
        sequence: `${r.schema}.${r.sequence}`,
        column: r.table_name ? `${r.schema}.${r.table_name}.${r.column_name} (${r.column_type})` : null,
        lastValue: r.last_value === null ? null : String(r.last_value),
        maxValue: String(r.max_value),
        usedPercent: Math.round(pct * 100) / 100,
      };
    });
    sequences.sort((a, b) => b.usedPercent - a.usedPercent);
    const fullest = sequences[0];
    const value = fullest?.usedPercent ?? 0;
    return { status: statusAbove(value, t), value, evidence: { fullest, sequences: sequences.slice(0, 10) } };
  },
};

export const sequenceChecks: OpsCheck[] = [sequencesExhaustion];
