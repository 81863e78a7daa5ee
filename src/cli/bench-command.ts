// `uns-meta bench ingest`: the benchmarks of spec/performance.md (B1–B3 so far), table + --json FILE.

import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '../errors.js';

export function registerBenchCommands(program: Command): void {
  const bench = program.command('bench').description('benchmarks of spec/performance.md (inputs generated, baseline measured in the same run)');
  bench
    .command('ingest')
    .description('B1 cold ingest vs raw COPY, B2 unchanged rebirth, B3 1 % delta, on a throw-away PostgreSQL 16')
    .option('--metrics <n>', 'metrics in the generated DBIRTH', '98332')
    .option('--seed <n>', 'generator seed', '42')
    .option('--admin-url <url>', 'use this PostgreSQL 16 (superuser) instead of a throw-away cluster')
    .option('--capture <file>', 'a protobuf DBIRTH capture (.bin) to use instead of generated metrics')
    .option('--json <file>', 'also write the full report as JSON')
    .action(async (o: { metrics: string; seed: string; adminUrl?: string; json?: string; capture?: string }) => {
      const metrics = Number(o.metrics);
      if (!Number.isInteger(metrics) || metrics < 1000) throw new AppError('usage', '--metrics must be an integer ≥ 1000');
      const quiet = !process.stderr.isTTY;
      // Loaded on demand: the embedded PostgreSQL package installs signal and exit hooks on import.
      const { runIngestBench, renderIngestBench } = await import('../../bench/ingest-bench.js');
      const report = await runIngestBench({
        metrics,
        seed: Number(o.seed),
        adminUrl: o.adminUrl,
        capture: o.capture,
        log: (l) => (quiet ? undefined : process.stderr.write(`… ${l}\n`)),
      });
      console.log(renderIngestBench(report));
      if (o.json) writeFileSync(o.json, JSON.stringify(report, null, 2) + '\n');
    });
}
