// The SQL of the checks lives in src/ops/sql/*.sql so a DBA can run it with `psql -f`; this reads it
// (once per file) for the checks. Parameters, where a file has any, are positional ($1 …) and named in
// its header comment.

import { readFileSync } from 'node:fs';
import { packagePath } from '../package-root.js';

const cache = new Map<string, string>();

export function opsSql(file: string): string {
  let sql = cache.get(file);
  if (sql === undefined) {
    sql = readFileSync(packagePath('src', 'ops', 'sql', file), 'utf8');
    cache.set(file, sql);
  }
  return sql;
}
