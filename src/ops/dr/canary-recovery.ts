// The CDC half of a restore. pgBackRest does not restore replication slots: the service started on a
// restored database creates its slot again, and the initial snapshot sends every active metric to Canary.
// The rehearsal does exactly that, against a Canary simulator (never the site's Canary), and measures the
// time until Canary holds what the restored database holds — part of the recovery time.

import type { Logger } from 'pino';
import { createPool } from '../../db.js';
import { startCanaryStage, type CanaryStage, type CanaryStageSettings } from '../../canary/stage.js';
import { parityDiffers, type ParityReport } from '../../canary/parity.js';
import { verifyParity } from '../../canary/verify.js';
import { outboxDepth } from '../../cdc/outbox.js';
import { startCdc, type CdcStage } from '../../cdc/stream.js';

export const DR_SLOT = 'uns_meta_dr_rehearsal';
const POLL_MS = 500;

export interface CanaryRecovery {
  ok: boolean;
  /** From starting CDC on the restored copy until Canary equals its state. */
  seconds: number;
  /** Metrics the initial snapshot put in the outbox. */
  snapshotMetrics: number | null;
  tags: number;
  inParity: number;
  differing: number;
  missingTags: number;
  error: string | null;
}

export interface RecoveryTarget {
  /** The restored database, as a role that may write the outbox (the app role or its owner). */
  url: string;
  /** The same database as a role with REPLICATION (uns_meta_cdc). */
  replUrl: string;
  canary: CanaryStageSettings;
  limitMs: number;
  log: Logger;
}

export async function canaryRecovery(t: RecoveryTarget): Promise<CanaryRecovery> {
  const pool = createPool(t.url, { max: 4, applicationName: 'uns-meta dr-rehearsal cdc' });
  // The site's Canary is never written by a rehearsal: the bundled simulator takes its place.
  const canary: CanaryStageSettings = { ...t.canary, safUrl: undefined, viewsUrl: undefined, apiToken: undefined };
  let stage: CanaryStage | null = null;
  let cdc: CdcStage | null = null;
  let last: ParityReport | null = null;
  let error: string | null = null;
  let seconds = 0;
  let snapshotMetrics: number | null = null;
  try {
    stage = await startCanaryStage(canary, pool, t.log, () => true);
    const views = { url: stage.simulator?.viewsUrl as string };
    const started = performance.now();
    cdc = startCdc({
      pool,
      leaderUrl: t.url,
      replUrl: t.replUrl,
      slot: DR_SLOT,
      publication: 'uns_meta_pub',
      debounceQuietMs: 200,
      debounceMaxMs: 1000,
      leaderPollMs: 200,
      log: t.log,
    });
    while (performance.now() - started < t.limitMs) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      // Reading every tag back is the expensive part: only once the snapshot is sent and the outbox empty.
      if (cdc.status().snapshot === null || (await outboxDepth(pool)) > 0) continue;
      last = await verifyParity(pool, views, { prefix: '', datasets: canary.datasets });
      if (!parityDiffers(last)) break;
    }
    seconds = Math.round(performance.now() - started) / 1000;
    snapshotMetrics = cdc.status().snapshot?.metrics ?? null;
  } catch (err) {
    error = (err as Error).message;
  } finally {
    await cdc?.stop();
    await stage?.stop();
    // The slot goes with the scratch server, which the rehearsal removes next.
    await pool.end();
  }
  const ok = error === null && last !== null && !parityDiffers(last);
  return {
    ok,
    seconds,
    snapshotMetrics,
    tags: last?.tags ?? 0,
    inParity: last?.inParity ?? 0,
    differing: (last?.differing.length ?? 0) + (last?.missingKeys.length ?? 0) + (last?.extraKeys.length ?? 0),
    missingTags: last?.missingTags.length ?? 0,
    error: error ?? (ok ? null : `Canary not in parity with the restored database after ${t.limitMs / 1000} s`),
  };
}
