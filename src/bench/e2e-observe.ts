// What the end-to-end benchmark reads around the running service, and its clean-up: the birth committed,
// the outbox's progress, the server's postmaster (for its CPU), the service's JSON log, the run's slot and
// database dropped at the end; and two small summaries of the simulator's request log. No timing here.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type Pool } from '../db.js';

/** How many of the times (seconds) fall in each whole second, from 0 to the last one. */
export function perSecond(times: number[]): number[] {
  const out: number[] = [];
  for (const t of times) {
    const i = Math.max(0, Math.floor(t));
    while (out.length <= i) out.push(0);
    out[i] = (out[i] as number) + 1;
  }
  return out;
}

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number) : 0;
}

/** The server's postmaster, when it runs on this machine (its CPU is then measured with the service's). */
export async function postmasterPid(pool: Pool): Promise<number | undefined> {
  try {
    const dir = (await pool.query<{ d: string }>("SELECT current_setting('data_directory') AS d")).rows[0]?.d as string;
    const pid = Number(readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export async function births(pool: Pool): Promise<number> {
  return Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM uns_meta_sync.births')).rows[0]?.n);
}

/**
 * Outbox rows ever inserted (the id sequence: no scan, and it moves while a chunk's INSERT runs) and
 * metrics Canary accepted at least once (canary_deliveries).
 */
export async function outboxCounts(pool: Pool): Promise<{ inserted: number; delivered: number }> {
  const r = await pool.query<{ ins: string; del: string }>(
    `SELECT (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM uns_meta_sync.canary_outbox_outbox_id_seq) AS ins,
            (SELECT count(*) FROM uns_meta_sync.canary_deliveries) AS del`,
  );
  return { inserted: Number(r.rows[0]?.ins ?? 0), delivered: Number(r.rows[0]?.del ?? 0) };
}

/** From the service's JSON log: how long the birth writer took, and how many errors were logged. */
export function serviceLog(file: string): { applySeconds: number | null; errors: string[] } {
  let applySeconds: number | null = null;
  const errors: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const e = JSON.parse(line) as { level?: number; msg?: string; seconds?: number; err?: unknown };
      if (e.msg === 'birth applied' && typeof e.seconds === 'number') applySeconds = e.seconds;
      if ((e.level ?? 0) >= 50) errors.push(`${e.msg ?? ''}${e.err ? `: ${JSON.stringify(e.err)}` : ''}`.slice(0, 300));
    } catch {
      // not a log record
    }
  }
  return { applySeconds, errors };
}

export async function dropSlot(superUrl: string, slot: string): Promise<void> {
  const c = await connect(superUrl);
  try {
    await c.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1', [slot]);
  } finally {
    await c.end();
  }
}

export async function dropDatabase(superUrl: string, database: string): Promise<void> {
  const c = await connect(superUrl);
  try {
    await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(database)} WITH (FORCE)`);
  } finally {
    await c.end();
  }
}
