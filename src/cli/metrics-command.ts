// `uns-meta metrics rename <old uns path> <new name or path>`.

import type { Command } from 'commander';
import { createPool } from '../db.js';
import { renameMetric } from '../store/rename.js';
import { createContext } from './context.js';
import { openDatabase } from './database.js';
import { command } from './outcome.js';

export function registerMetricsCommands(program: Command): void {
  const metrics = program.command('metrics').description('operator actions on stored metrics');
  metrics
    .command('rename <oldPath> <newNameOrPath>')
    .description('declare a rename before the edge publishes it: the metric keeps its identity, history and lineage')
    .action(
      command(async (oldPath: string, target: string) => {
        const ctx = createContext();
        const db = await openDatabase(ctx.config);
        const pool = createPool(db.url, { max: 1 });
        try {
          const r = await renameMetric(pool, oldPath, target, ctx.actor);
          console.log(`metric ${r.metricId}: ${r.old.uns_path} → ${r.new.uns_path}`);
        } finally {
          await pool.end();
          await db.close();
        }
      }),
    );
}
