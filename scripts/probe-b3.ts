// Where B3's time goes: the bench's B1 and B2 births once, then B3 (the 1 % delta) RUNS times, each on a
// fresh copy of the post-B2 database (pg_prewarm'ed, as the bench's B3 finds it after B2), with the time
// of every statement over 5 ms, the time Node spent between two statements (COPY streams included) and
// the process's CPU. A diagnosis aid, not a benchmark: the figures to
// report come from `npx uns-meta bench ingest`.
//
// Copies come out faster than the bench (next to no full-page images after their CHECKPOINT): read
// their figures as shares. SAME_DB=1 runs B3 once on the post-B2 database itself, as the bench does; to
// compare two commits, run that in a `git worktree` of each, one after the other.
//
//   node --import ./test/support/ts-register.mjs scripts/probe-b3.ts
//   RUNS=5 PG_FLAGS="-c full_page_writes=off" node --import ./test/support/ts-register.mjs scripts/probe-b3.ts
//   SAME_DB=1 node --import ./test/support/ts-register.mjs scripts/probe-b3.ts

import pg from 'pg';
import { connect, createPool } from '../src/db.js';
import { startThrowawayPostgres } from '../src/embedded/throwaway.js';
import { withDatabase } from '../src/store/bootstrap.js';
import { payloads } from '../src/bench/ingest-bench.js';
import { appRoleUrl, phase, recreate, warmUp } from '../src/bench/ingest-phase.js';

const RUNS = Number(process.env.RUNS ?? 3);
const SHOWN_FROM_MS = 5;

// The same births as `uns-meta bench ingest` with its default size and seed.
const { p1, p2, p3 } = payloads({ metrics: 98_332, seed: 42, log: () => undefined });

// Every promise-returning query of any client is timed while `timed` is set (COPY streams are not).
let timed: { text: string; ms: number; at: number }[] | null = null;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: unknown }).query = function (this: unknown, ...args: unknown[]) {
  const result = query.apply(this, args);
  const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
  const into = timed;
  if (into && text && result instanceof Promise) {
    const started = performance.now();
    result.then(
      () =>
        into.push({
          text: text.replace(/\s+/g, ' ').trim().slice(0, 100),
          ms: performance.now() - started,
          at: started,
        }),
      () => undefined,
    );
  }
  return result;
};

const server = await startThrowawayPostgres({ extraFlags: (process.env.PG_FLAGS ?? '').split(' ').filter(Boolean) });
try {
  await warmUp(server.superUrl, [p1, p2, p3]);
  await recreate(server.superUrl, 'probe_b3');
  const url = withDatabase(server.superUrl, 'probe_b3');
  const app = createPool(appRoleUrl(url), { max: 2 });
  const observer = createPool(url, { max: 1 });
  console.log(`B1 ${(await phase('B1', app, observer, p1)).seconds.toFixed(2)} s`);
  console.log(`B2 ${(await phase('B2', app, observer, p2)).seconds.toFixed(2)} s`);
  const sameDb = process.env.SAME_DB === '1';
  if (!sameDb) {
    await app.end();
    await observer.end();
  }

  const admin = await connect(server.superUrl);
  for (let i = 0; i < (sameDb ? 1 : RUNS); i++) {
    let [copyApp, copyObserver] = [app, observer];
    if (!sameDb) {
      await admin.query('DROP DATABASE IF EXISTS probe_b3_copy WITH (FORCE)');
      await admin.query('CREATE DATABASE probe_b3_copy TEMPLATE probe_b3');
      const copy = withDatabase(server.superUrl, 'probe_b3_copy');
      copyApp = createPool(appRoleUrl(copy), { max: 2 });
      copyObserver = createPool(copy, { max: 1 });
      await copyObserver.query('CREATE EXTENSION IF NOT EXISTS pg_prewarm');
      await copyObserver.query(`SELECT pg_prewarm(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                WHERE n.nspname IN ('uns_meta', 'uns_meta_sync') AND c.relkind IN ('r', 'i')`);
      await copyApp.query('SELECT 1');
    }
    timed = [];
    const cpu = process.cpuUsage();
    const r = await phase('B3', copyApp, copyObserver, p3);
    const used = process.cpuUsage(cpu);
    const statements = timed;
    timed = null;
    console.log(
      `B3 run ${i + 1}: ${r.seconds.toFixed(3)} s, ${r.rowsWritten} rows, Node CPU ${((used.user + used.system) / 1e6).toFixed(2)} s`,
    );
    let last = statements[0]?.at ?? 0;
    for (const s of statements) {
      const gap = s.at - last;
      if (gap >= SHOWN_FROM_MS) console.log(`  ${gap.toFixed(1).padStart(7)} ms  (Node or a COPY, before the next)`);
      if (s.ms >= SHOWN_FROM_MS) console.log(`  ${s.ms.toFixed(1).padStart(7)} ms  ${s.text}`);
      last = Math.max(last, s.at + s.ms);
    }
    await copyApp.end();
    await copyObserver.end();
  }
  await admin.end();
} finally {
  await server.stop();
}
