// `uns-meta canary dlq list|retry|drop`: inspects and re-drives the Canary dead letters. Retry puts them
// back in the outbox for the running service's writer; drop marks them given up. Rows are never deleted.

import type { Command } from 'commander';
import {
  dropDeadLetters,
  openDeadLetters,
  retryDeadLetters,
  type DeadLetterOutcome,
  type DeadLetterSelection,
} from '../canary/dead-letters.js';
import { AppError } from '../errors.js';
import { bigintReplacer } from '../store/quarantine.js';
import { withCommandPool } from './command-pool.js';
import { createContext } from './context.js';
import { EXIT } from './exit-codes.js';
import { positiveInt } from './canary-options.js';
import { command } from './outcome.js';

interface ListOptions {
  json?: boolean;
  limit: number;
}

interface ActOptions {
  all?: boolean;
  yes?: boolean;
  json?: boolean;
}

export function registerCanaryDlqCommands(canary: Command): void {
  const dlq = canary.command('dlq').description('Canary dead letters: rows Canary refused permanently');
  dlq
    .command('list')
    .description('list the open dead letters, oldest first')
    .option('--json', 'print JSON')
    .option('--limit <n>', 'at most n rows', positiveInt, 100)
    .action(
      command(async (o: ListOptions) => {
        const ctx = createContext();
        const { total, rows } = await withCommandPool(ctx.config, (pool) => openDeadLetters(pool, o.limit));
        if (o.json) console.log(JSON.stringify({ total, rows }, bigintReplacer, 2));
        else if (rows.length === 0) console.log('no open dead letters');
        else {
          for (const r of rows) {
            console.log(
              `${r.deadLetterId}\t${r.canaryId ?? '-'}\t${r.reason}\tstatus=${r.statusCode ?? '-'}\t${r.failedAt.toISOString()}\tattempts=${r.attempts}`,
            );
          }
          console.log(`${rows.length} of ${total} open dead letter(s) shown`);
        }
        return EXIT.ok;
      }),
    );
  dlq
    .command('retry [ids...]')
    .description('move open dead letters back into the outbox (the running service delivers them)')
    .option('--all', 'every open dead letter')
    .option('--json', 'print JSON')
    .action(
      command(async (ids: string[], o: ActOptions) => {
        const sel = selection(ids, o, 'retry');
        const ctx = createContext();
        return report(
          await withCommandPool(ctx.config, (pool) => retryDeadLetters(pool, sel)),
          'moved back into the outbox',
          o.json,
        );
      }),
    );
  dlq
    .command('drop [ids...]')
    .description('mark open dead letters dropped (kept for the record, never sent)')
    .option('--all', 'every open dead letter')
    .option('--yes', 'confirm: the dropped properties will not reach Canary')
    .option('--json', 'print JSON')
    .action(
      command(async (ids: string[], o: ActOptions) => {
        const sel = selection(ids, o, 'drop');
        if (!o.yes)
          throw new AppError(
            'usage',
            'canary dlq drop gives the rows up for good; add --yes to confirm (or retry them instead)',
          );
        const ctx = createContext();
        return report(
          await withCommandPool(ctx.config, (pool) => dropDeadLetters(pool, sel)),
          'marked dropped',
          o.json,
        );
      }),
    );
}

function selection(ids: readonly string[], o: ActOptions, verb: string): DeadLetterSelection {
  if (o.all && ids.length > 0)
    throw new AppError('usage', `canary dlq ${verb}: give dead letter ids or --all, not both`);
  if (o.all) return { all: true };
  if (ids.length === 0)
    throw new AppError('usage', `canary dlq ${verb}: give the dead letter ids (see 'canary dlq list') or --all`);
  const bad = ids.filter((id) => !/^[1-9]\d{0,18}$/.test(id));
  if (bad.length) throw new AppError('usage', `canary dlq ${verb}: not a dead letter id: ${bad.join(', ')}`);
  return { all: false, ids: ids.map((id) => BigInt(id)) };
}

/** Exit 1 when a requested id was not an open dead letter (the operator asked for something not done). */
function report(r: DeadLetterOutcome, what: string, json?: boolean): number {
  if (json) console.log(JSON.stringify(r, bigintReplacer, 2));
  else {
    console.log(`${r.done.length} dead letter(s) ${what}${r.done.length ? `: ${r.done.join(', ')}` : ''}`);
    if (r.skipped.length)
      console.log(
        `not open dead letters (unknown, already retried/dropped, or without a canary id): ${r.skipped.join(', ')}`,
      );
  }
  return r.skipped.length ? EXIT.error : EXIT.ok;
}
