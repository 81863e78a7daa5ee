// indexes.valid and indexes.duplicate (weekly): the playbook's index health queries over schema uns_meta.
// Reports only; rebuilding or dropping an index is a change for a person (REINDEX CONCURRENTLY, DROP INDEX).

import type { OpsCheck } from '../runner.js';
import { opsSql } from '../sql-files.js';

interface IndexRow {
  table_name: string;
  index_name: string;
  indisvalid: boolean;
  indisready: boolean;
  index_bytes: number;
}

interface DuplicateRow {
  table_name: string;
  indexes: string[];
  definitions: string[];
  total_bytes: number;
}

export const indexChecks: OpsCheck[] = [
  {
    id: 'indexes.valid',
    title: 'Indexes of uns_meta are valid and ready',
    cadence: 'weekly',
    unit: 'indexes',
    thresholds: { warn: null, crit: 0 },
    remedy:
      'Validation SQL kit (Indexes): a failed CREATE INDEX CONCURRENTLY left each listed index behind; fix the cause (e.g. duplicate rows for a UNIQUE index), then DROP INDEX CONCURRENTLY it and create it again, or REINDEX INDEX CONCURRENTLY',
    run: async (ctx, t) => {
      const rows = (await ctx.db.query<IndexRow>(opsSql('indexes-valid.sql'))).rows;
      const bad = rows.filter((r) => !r.indisvalid || !r.indisready);
      return {
        status:
          t.crit !== null && bad.length > t.crit ? 'CRIT' : t.warn !== null && bad.length > t.warn ? 'WARN' : 'OK',
        value: bad.length,
        evidence: {
          invalid: bad.map((r) => ({
            table: r.table_name,
            index: r.index_name,
            valid: r.indisvalid,
            ready: r.indisready,
            bytes: r.index_bytes,
          })),
          indexes: rows.length,
          totalBytes: rows.reduce((n, r) => n + r.index_bytes, 0),
          sizes: Object.fromEntries(rows.map((r) => [r.index_name, r.index_bytes])),
        },
      };
    },
  },
  {
    id: 'indexes.duplicate',
    title: 'No two indexes of uns_meta index the same thing',
    cadence: 'weekly',
    unit: 'indexes',
    thresholds: { warn: 0, crit: null },
    remedy:
      'spec/schema.md (no duplicate indexes): keep the one a constraint owns (listed first) and DROP INDEX CONCURRENTLY the others; each costs every write and its space',
    run: async (ctx, t) => {
      const groups = (await ctx.db.query<DuplicateRow>(opsSql('indexes-duplicate.sql'))).rows;
      // Every index of a group beyond the first is redundant.
      const redundant = groups.reduce((n, g) => n + g.indexes.length - 1, 0);
      return {
        status: t.crit !== null && redundant > t.crit ? 'CRIT' : t.warn !== null && redundant > t.warn ? 'WARN' : 'OK',
        value: redundant,
        evidence: {
          duplicates: groups.map((g) => ({
            table: g.table_name,
            indexes: g.indexes,
            definitions: g.definitions,
            totalBytes: g.total_bytes,
          })),
        },
      };
    },
  },
];
