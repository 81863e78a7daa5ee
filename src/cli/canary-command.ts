// `uns-meta canary backfill|preview|verify|dlq`: operator commands on the way to Canary. backfill and
// dlq retry only fill the outbox (the running service's writer sends); preview and verify only read.
// The rules live in src/canary/*; this file parses options and prints.

import type { Command } from 'commander';
import { backfill } from '../canary/backfill.js';
import { parityDiffers, type ParityReport } from '../canary/parity.js';
import { previewOutbox, type Preview } from '../canary/preview.js';
import { verifyParity } from '../canary/verify.js';
import { AppError } from '../errors.js';
import { bigintReplacer } from '../store/quarantine.js';
import { registerCanaryDlqCommands } from './canary-dlq-command.js';
import { positiveInt } from './canary-options.js';
import { withCommandPool } from './command-pool.js';
import { createContext } from './context.js';
import { EXIT } from './exit-codes.js';
import { command } from './outcome.js';
import { datasetOptions } from './settings.js';

interface BackfillOptions {
  prefix: string;
  dryRun?: boolean;
  runId?: string;
  json?: boolean;
}

interface PreviewOptions {
  prefix: string;
  limit: number;
  json?: boolean;
}

interface VerifyOptions {
  prefix: string;
  json?: boolean;
}

export function registerCanaryCommands(program: Command): void {
  const canary = program
    .command('canary')
    .description('Canary operator commands: backfill, preview, verify, dead letters');
  canary
    .command('backfill')
    .description('enqueue the full current state of every active metric for the running service to send to Canary')
    .option('--prefix <path>', 'only metrics whose uns_path starts with this', '')
    .option('--dry-run', 'count and show what would be enqueued, write nothing')
    .option('--run-id <id>', 'resume an interrupted backfill: rows this run id already enqueued are skipped')
    .option('--json', 'print JSON')
    .action(
      command(async (o: BackfillOptions) => {
        const ctx = createContext();
        const r = await withCommandPool(ctx.config, (pool) =>
          backfill(pool, { prefix: o.prefix, dryRun: !!o.dryRun, runId: o.runId }),
        );
        if (o.json) console.log(JSON.stringify(r, bigintReplacer, 2));
        else if (r.dryRun) {
          console.log(`dry run: would enqueue ${r.metrics} metric(s), ${r.properties} propert(ies); nothing written`);
          for (const m of r.sample) console.log(`  ${m.canaryId} ${JSON.stringify(m.properties)}`);
          if (r.sample.length < r.metrics) console.log(`  … and ${r.metrics - r.sample.length} more`);
        } else {
          console.log(
            `backfill ${r.runId}: enqueued ${r.enqueued} of ${r.metrics} metric(s) (${r.properties} propert(ies)); the running service's Canary writer delivers them`,
          );
        }
        return EXIT.ok;
      }),
    );
  canary
    .command('preview')
    .description('show what the writer would send to Canary for the outbox as it is now (sends nothing)')
    .option('--prefix <path>', 'only outbox rows whose tag (uns_path) starts with this', '')
    .option('--limit <n>', 'outbox rows read, oldest first', positiveInt, 100)
    .option('--json', 'print JSON')
    .action(
      command(async (o: PreviewOptions) => {
        const ctx = createContext();
        const c = ctx.config;
        const p = await withCommandPool(c, (pool) =>
          previewOutbox(pool, {
            prefix: o.prefix,
            limit: o.limit,
            datasets: datasetOptions(c),
            limits: { maxTags: c.CANARY_MAX_BATCH_TAGS, maxBytes: c.CANARY_MAX_PAYLOAD_BYTES },
          }),
        );
        console.log(o.json ? JSON.stringify(p, null, 2) : renderPreview(p));
        return EXIT.ok;
      }),
    );
  canary
    .command('verify')
    .description(
      'parity report DB ↔ Canary through the Views read API v2 (CANARY_VIEWS_URL); exit 1 when anything differs',
    )
    .option('--prefix <path>', 'only metrics whose uns_path starts with this', '')
    .option('--json', 'print JSON')
    .action(
      command(async (o: VerifyOptions) => {
        const ctx = createContext();
        const c = ctx.config;
        if (!c.CANARY_VIEWS_URL) {
          throw new AppError(
            'usage',
            'no Canary configured to verify against: set CANARY_VIEWS_URL to the Views read API v2 (e.g. https://host:55236/api/v2, or the URL `uns-meta canary-sim` prints)',
          );
        }
        const views = { url: c.CANARY_VIEWS_URL, apiToken: c.CANARY_API_TOKEN };
        const r = await withCommandPool(c, (pool) =>
          verifyParity(pool, views, { prefix: o.prefix, datasets: datasetOptions(c) }),
        );
        console.log(o.json ? JSON.stringify(r, null, 2) : renderParity(r));
        return parityDiffers(r) ? EXIT.error : EXIT.ok;
      }),
    );
  registerCanaryDlqCommands(canary);
}

function renderPreview(p: Preview): string {
  const lines = [
    `${p.rows} of ${p.outboxRows} outbox row(s) → ${p.writes.length} tag(s) in ${p.batches.length} storeData request(s)`,
  ];
  p.batches.forEach((b, i) => lines.push(`  batch ${i + 1}: ${b.tags} tag(s), ${b.bytes} bytes`));
  for (const w of p.writes) {
    lines.push(
      `${w.tag}${w.canaryIds.some((id) => id !== w.tag) ? `  (from ${[...new Set(w.canaryIds)].join(', ')})` : ''}`,
    );
    for (const e of w.entries) lines.push(`  ${JSON.stringify(e)}`);
  }
  for (const d of p.deadLetters) lines.push(`would dead-letter ${d.canaryId}: ${d.reason}`);
  return lines.join('\n');
}

function renderParity(r: ParityReport): string {
  const lines = [`${r.inParity} of ${r.tags} tag(s) in parity with Canary`];
  for (const m of r.missingTags) lines.push(`missing tag   ${m.tag} (${m.keys} propert(ies))`);
  for (const m of r.missingKeys) lines.push(`missing key   ${m.tag} ${m.key} (DB ${JSON.stringify(m.expected)})`);
  for (const d of r.differing)
    lines.push(`differs       ${d.tag} ${d.key}: DB ${JSON.stringify(d.expected)}, Canary ${JSON.stringify(d.actual)}`);
  for (const x of r.extraKeys) lines.push(`only in Canary ${x.tag} ${x.key} = ${JSON.stringify(x.actual)}`);
  for (const s of r.skipped) lines.push(`not writable  ${s.canaryId}: ${s.reason}`);
  if (parityDiffers(r)) lines.push('differences found: `uns-meta canary backfill` re-sends the current state');
  return lines.join('\n');
}
