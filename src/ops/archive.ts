// The playbook's archive layout: DIR/db-checks/YYYY-MM-DD/<cadence>.json and .md (a later run of the
// same cadence on the same day replaces them). The date is the run's local date.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult } from './check.js';
import { markdown } from './render.js';

export function archiveResults(
  dir: string,
  cadence: string,
  results: readonly CheckResult[],
  at: Date,
): { json: string; md: string } {
  const day = `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
  const folder = join(dir, 'db-checks', day);
  mkdirSync(folder, { recursive: true });
  const json = join(folder, `${cadence}.json`);
  const md = join(folder, `${cadence}.md`);
  writeFileSync(json, JSON.stringify({ cadence, at: at.toISOString(), results }, null, 2) + '\n');
  writeFileSync(md, markdown(results, cadence, at));
  return { json, md };
}
