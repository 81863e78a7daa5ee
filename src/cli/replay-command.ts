// `uns-meta ingest replay [--all] [--dry-run] [--json]`: re-applies the births of the birth cache that
// the database does not have (after DB_MODE=mock, an outage or a fix of the payload upstream).
// Exit 0 unless a replayed birth was quarantined (a stale one, newer in the database, is fine).

import type { Command } from 'commander';
import { createPool } from '../db.js';
import { AppError } from '../errors.js';
import { applyIntake } from '../ingest/apply.js';
import { BirthCache } from '../ingest/birth-cache.js';
import { intakeBirth } from '../ingest/intake.js';
import { pendingBirths } from '../ingest/pending-births.js';
import { addOutcome, emptySummary, renderSummary } from '../ingest/summary.js';
import { bigintReplacer } from '../store/quarantine.js';
import { createContext } from './context.js';
import { openDatabase } from './database.js';
import { EXIT } from './exit-codes.js';
import { command } from './outcome.js';
import { applySettings } from './settings.js';

interface ReplayOptions {
  all?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

export function registerReplayCommand(ingest: Command): void {
  ingest
    .command('replay')
    .description('re-apply the births of the birth cache (BIRTH_CACHE_DIR) that the database does not have')
    .option('--all', 'replay every cached birth, also those already applied (they write nothing when unchanged)')
    .option('--dry-run', 'compute and print the diff, write nothing')
    .option('--json', 'print the summary as JSON')
    .action(
      command(async (o: ReplayOptions) => {
        return await replay(o);
      }),
    );
}

async function replay(o: ReplayOptions): Promise<number> {
  const ctx = createContext();
  const c = ctx.config;
  if (c.DB_MODE === 'mock')
    throw new AppError('usage', 'DB_MODE=mock halts writes; set DB_MODE=local to replay the birth cache');
  const cache = new BirthCache(c.BIRTH_CACHE_DIR);
  const db = await openDatabase(c);
  const pool = createPool(db.url, { max: 2 });
  const summary = emptySummary(!!o.dryRun);
  const started = performance.now();
  try {
    const { limits, writer } = applySettings(c, ctx.actor);
    for (const p of await pendingBirths(pool, cache, { all: o.all })) {
      const cached = cache.read(p.key);
      if (!cached) continue;
      const outcome = await applyIntake(pool, intakeBirth(p.meta.topic, cached.payload, 'protobuf', limits), {
        ...writer,
        dryRun: o.dryRun,
      });
      addOutcome(summary, p.meta.topic, outcome);
    }
  } finally {
    await pool.end();
    await db.close();
  }
  summary.seconds = (performance.now() - started) / 1000;
  console.log(o.json ? JSON.stringify(summary, bigintReplacer, 2) : renderSummary(summary));
  return summary.quarantinedBirths === 0 ? EXIT.ok : EXIT.error;
}
