// grants.drift (monthly): the playbook roles' attributes, memberships, privileges, default privileges and
// the owners of uns_meta/uns_meta_sync vs the baseline file; CRIT on any difference, each one listed.
// Reading only; the SQL that restores the baseline is `uns-meta ops grants --fix` (fix.ts).

import { readFile } from 'node:fs/promises';
import type { Queryable } from '../../db.js';
import { AppError } from '../../errors.js';
import { packagePath } from '../../package-root.js';
import { grantsBaselineSchema, readGrants, type GrantsBaseline } from './current.js';
import { statusAbove } from '../check.js';
import { diffGrants, type GrantDrift } from './diff.js';
import type { OpsCheck } from '../runner.js';

export interface GrantsSettings {
  /** OPS_GRANTS_BASELINE; unset = the baseline shipped with the package. */
  baselineFile: string | undefined;
}

export function baselinePath(s: GrantsSettings): string {
  return s.baselineFile ?? packagePath('database', 'grants-baseline.json');
}

export async function loadBaseline(path: string): Promise<GrantsBaseline> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new AppError(
      'not_found',
      `grants baseline ${path} cannot be read (${(err as Error).message}); write it from a freshly bootstrapped database with uns-meta db grants-baseline --write, or point OPS_GRANTS_BASELINE at it`,
      { cause: err },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AppError(
      'config_invalid',
      `grants baseline ${path} is not JSON (${(err as Error).message}); regenerate it with uns-meta db grants-baseline --write`,
      { cause: err },
    );
  }
  const parsed = grantsBaselineSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError(
      'config_invalid',
      `grants baseline ${path} is not in the current format (${first?.path.join('.')}: ${first?.message}); regenerate it with uns-meta db grants-baseline --write`,
    );
  }
  return parsed.data;
}

export interface GrantsComparison {
  baseline: string;
  drift: GrantDrift[];
}

export async function compareGrants(db: Queryable, s: GrantsSettings): Promise<GrantsComparison> {
  const baseline = baselinePath(s);
  const expected = await loadBaseline(baseline);
  return { baseline, drift: diffGrants(expected, await readGrants(db)) };
}

export const grantsChecks: OpsCheck[] = [
  {
    id: 'grants.drift',
    title: 'Role grants match the design baseline (no privilege drift)',
    cadence: 'monthly',
    unit: 'differences',
    thresholds: { warn: null, crit: 0 },
    remedy:
      'Monthly: validate role grants against the design baseline — review each difference (uns-meta ops grants); an unintended one: uns-meta ops grants --fix prints the SQL to run with psql as admin; an intended one: regenerate the baseline (uns-meta db grants-baseline --write) and commit it',
    run: async (ctx, t) => {
      const { baseline, drift } = await compareGrants(ctx.db, ctx.settings.grants);
      return { status: statusAbove(drift.length, t), value: drift.length, evidence: { baseline, differences: drift } };
    },
  },
];
