// `uns-meta ingest file <paths...> [--topic T] [--dry-run] [--json]`: captured births into the store.
// Exit 0 when something was applied (or all births were valid in mock mode), 1 when nothing was, 2 usage.

import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { createPool } from '../db.js';
import { AppError } from '../errors.js';
import { applyIntake } from '../ingest/apply.js';
import { assertSupported, readCaptures } from '../ingest/capture-files.js';
import { addOutcome, emptySummary, renderSummary } from '../ingest/summary.js';
import { bigintReplacer } from '../store/quarantine.js';
import { createContext } from './context.js';
import { openDatabase } from './database.js';
import { EXIT } from './exit-codes.js';
import { registerReplayCommand } from './replay-command.js';
import { command } from './outcome.js';
import { applySettings } from './settings.js';

interface IngestFileOptions {
  topic?: string;
  dryRun?: boolean;
  json?: boolean;
}

export function registerIngestCommands(program: Command): void {
  const ingest = program.command('ingest').description('ingest births from captures');
  ingest
    .command('file <paths...>')
    .description(
      'ingest captured births: .bin (protobuf), .json (Sparkplug JSON), .jsonl (one capture per line with "topic")',
    )
    .option('--topic <topic>', 'topic of .bin/.json files (else taken from the file name)')
    .option('--dry-run', 'compute and print the diff, write nothing')
    .option('--json', 'print the summary as JSON')
    .action(
      command(async (paths: string[], o: IngestFileOptions) => {
        return await ingestFiles(paths, o);
      }),
    );
  registerReplayCommand(ingest);
}

async function ingestFiles(paths: string[], o: IngestFileOptions): Promise<number> {
  const ctx = createContext();
  if (o.topic !== undefined && !o.topic.startsWith('spBv1.0/'))
    throw new AppError('usage', `--topic must be a Sparkplug topic (spBv1.0/...), got "${o.topic}"`);
  assertSupported(paths, o.topic);
  const mock = ctx.config.DB_MODE === 'mock';
  const db = mock ? null : await openDatabase(ctx.config);
  const pool = db ? createPool(db.url, { max: 2 }) : null;
  const summary = emptySummary(!!o.dryRun || mock);
  const started = performance.now();
  const bar =
    process.stderr.isTTY && !o.json
      ? new SingleBar({ format: '{source} [{bar}] {value} metrics', stream: process.stderr }, Presets.shades_classic)
      : null;
  const diffs: unknown[] = [];
  try {
    const { limits, writer } = applySettings(ctx.config, ctx.actor);
    for await (const item of readCaptures(paths, o.topic, limits)) {
      bar?.start(item.result.ok ? (item.result.birth.metricCount ?? 0) : 0, 0, { source: item.source });
      const outcome = await applyIntake(pool, item.result, {
        ...writer,
        dryRun: o.dryRun,
        onProgress: (n) => bar?.update(n),
      });
      bar?.stop();
      addOutcome(summary, item.source, outcome);
      if (outcome.diffs) diffs.push(...outcome.diffs);
    }
  } finally {
    bar?.stop();
    await pool?.end();
    await db?.close();
  }
  summary.seconds = (performance.now() - started) / 1000;
  if (o.json) console.log(JSON.stringify(o.dryRun ? { ...summary, diffs } : summary, bigintReplacer, 2));
  else {
    if (o.dryRun) for (const d of diffs) console.log(JSON.stringify(d));
    console.log(renderSummary(summary));
  }
  const nothingApplied = summary.applied === 0;
  return nothingApplied ? EXIT.error : EXIT.ok;
}
