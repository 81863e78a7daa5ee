// Applies one intake result: a decodable birth goes to the birth writer; anything else is quarantined
// with its reason. With DB_MODE=mock nothing is written: the birth is only decoded and validated.

import type pg from 'pg';
import { applyBirth, type BirthOutcome, type WriterOptions } from '../store/birth-writer.js';
import { emptyOutcome } from '../store/outcome.js';
import { recordQuarantine } from '../store/quarantine.js';
import { StagedBirth } from '../store/staged-birth.js';
import { devicePath } from '../uns/identity.js';
import { birthsTotal, ingestSeconds } from '../metrics.js';
import type { IntakeResult } from './intake.js';

export async function applyIntake(
  pool: pg.Pool | null,
  intake: IntakeResult,
  opts: WriterOptions,
): Promise<BirthOutcome> {
  const started = performance.now();
  let outcome: BirthOutcome;
  if (!intake.ok) {
    if (pool && !opts.dryRun)
      await recordQuarantine(
        pool,
        [{ topic: intake.topic, code: intake.code, message: intake.reason, payload: intake.payload }],
        opts.quarantinePayloadMaxBytes,
      );
    outcome = rejected(intake.topic, intake.reason, started);
    birthsTotal.inc({ type: 'unknown', result: 'quarantined' });
    return outcome;
  }
  outcome = pool ? await applyBirth(pool, intake.birth, opts) : validateOnly(intake, started);
  birthsTotal.inc({ type: intake.birth.parsed.type, result: outcome.status });
  ingestSeconds.observe(outcome.seconds);
  return outcome;
}

function rejected(topic: string, reason: string, started: number): BirthOutcome {
  return {
    ...emptyOutcome(topic, null),
    status: 'quarantined',
    reason,
    quarantined: 1,
    seconds: (performance.now() - started) / 1000,
  };
}

/** DB_MODE=mock: decode, derive identities and find bad metrics, write nothing. */
function validateOnly(intake: Extract<IntakeResult, { ok: true }>, started: number): BirthOutcome {
  const birth = intake.birth;
  const dev = devicePath(birth.parsed);
  if (!dev.ok) return rejected(birth.topic, dev.reason, started);
  const staged = new StagedBirth(birth.topic, dev.path);
  for (const _ of staged.stage(birth.metrics()));
  const out = rejected(birth.topic, '', started);
  return {
    ...out,
    status: 'applied',
    devicePath: dev.path,
    reason: undefined,
    quarantined: staged.problems.length,
    metrics: { ...out.metrics, unchanged: staged.accepted - staged.withdrawn.size },
  };
}
