// `uns-meta quarantine list|show|retry|drop`: what the birth writer refused, as on the dashboard's
// Quarantine page, with the same state machine (ingest/quarantine-entries.ts). Retry applies the stored
// payload again through the same intake and writer as the service; drop only marks the entry.

import type { Command } from 'commander';
import { AppError } from '../errors.js';
import {
  dropQuarantine,
  listQuarantine,
  retryQuarantine,
  showQuarantine,
  type QuarantineStatus,
} from '../ingest/quarantine-entries.js';
import { bigintReplacer } from '../store/quarantine.js';
import { positiveInt } from './canary-options.js';
import { withCommandPool } from './command-pool.js';
import { createContext } from './context.js';
import { EXIT } from './exit-codes.js';
import { command } from './outcome.js';
import { applySettings } from './settings.js';

const STATUSES = ['open', 'retried', 'dropped', 'all'] as const;

function entryId(v: string): bigint {
  if (!/^[1-9]\d{0,18}$/.test(v))
    throw new AppError('usage', `not a quarantine entry id: "${v}" (see 'uns-meta quarantine list')`);
  return BigInt(v);
}

const json = (v: unknown) => JSON.stringify(v, bigintReplacer, 2);

export function registerQuarantineCommands(program: Command): void {
  const q = program
    .command('quarantine')
    .description('births and metrics the writer refused: list, show, retry (apply the stored payload again), drop');
  q.command('list')
    .description('newest first')
    .option('--status <s>', STATUSES.join('|'), 'open')
    .option('--limit <n>', 'at most n entries', positiveInt, 50)
    .option('--json', 'print JSON')
    .action(
      command(async (o: { status: string; limit: number; json?: boolean }) => {
        if (!(STATUSES as readonly string[]).includes(o.status))
          throw new AppError('usage', `--status must be one of ${STATUSES.join(', ')}`);
        const ctx = createContext();
        const status = o.status === 'all' ? null : (o.status as QuarantineStatus);
        const rows = await withCommandPool(ctx.config, (pool) => listQuarantine(pool, { limit: o.limit, status }));
        if (o.json) console.log(json(rows));
        else if (rows.length === 0) console.log(`no ${status ?? ''} quarantine entries`.replace('  ', ' '));
        else
          for (const r of rows)
            console.log(`${r.id}\t${r.status}\t${r.receivedAt.toISOString()}\t${r.code}\t${r.topic}\t${r.message}`);
        return EXIT.ok;
      }),
    );
  q.command('show <id>')
    .description('one entry: reason, details, occurrences, whether its payload can be retried')
    .option('--json', 'print JSON')
    .action(
      command(async (id: string, o: { json?: boolean }) => {
        const ctx = createContext();
        const e = await withCommandPool(ctx.config, (pool) => showQuarantine(pool, entryId(id)));
        if (o.json) return void console.log(json(e));
        console.log(
          [
            `entry       ${e.id} (${e.status})`,
            `topic       ${e.topic}`,
            `reason      ${e.code}: ${e.message}`,
            `received    ${e.receivedAt.toISOString()}${e.occurrences > 1 ? `, ${e.occurrences} times, last ${e.lastSeenAt?.toISOString() ?? '?'}` : ''}`,
            `payload     ${e.payloadBytes} bytes${e.truncated ? ', truncated' : ''}; ${e.retryable ? 'retry applies it again' : 'cannot be retried: have the edge node rebirth'}`,
            `details     ${JSON.stringify(e.details)}`,
          ].join('\n'),
        );
      }),
    );
  q.command('retry <id>')
    .description('apply the stored payload again (exit 1 unless the birth now applies)')
    .option('--json', 'print JSON')
    .action(
      command(async (id: string, o: { json?: boolean }) => {
        const ctx = createContext();
        const c = ctx.config;
        const deps = applySettings(c, 'cli');
        const n = entryId(id);
        const r = await withCommandPool(c, (pool) => retryQuarantine(pool, n, deps, `cli:quarantine-retry:${n}`));
        if (o.json) console.log(json(r));
        else
          console.log(
            `quarantine entry ${r.id} retried: the birth was ${r.outcome}${r.reason ? ` (${r.reason})` : ''}`,
          );
        return r.outcome === 'applied' ? EXIT.ok : EXIT.error;
      }),
    );
  q.command('drop <id>')
    .description('give the entry up (marked dropped; kept until ops retention prunes it)')
    .option('--json', 'print JSON')
    .action(
      command(async (id: string, o: { json?: boolean }) => {
        const ctx = createContext();
        const r = await withCommandPool(ctx.config, (pool) => dropQuarantine(pool, entryId(id)));
        console.log(o.json ? json(r) : `quarantine entry ${r.id} dropped`);
      }),
    );
}
