// Change management of the playbook: every maintenance action (vacuum, snapshot, grant fix, DR
// rehearsal…) is recorded with start, end, outcome and operator — in uns_meta_sync.check_runs (as
// `action.<name>`, cadence 'action'), in the JSON log, and, with OPS_NOTIFY_WEBHOOK, posted to that
// Slack-compatible incoming webhook. A failing webhook is logged, never fails the action.

import { userInfo } from 'node:os';
import type { Queryable } from '../db.js';
import type { Logger } from '../log.js';

export interface ActionRecord {
  action: string;
  operator: string;
  startedAt: Date;
  endedAt: Date;
  outcome: 'succeeded' | 'failed';
  details: Record<string, unknown>;
  error?: string;
}

/** OPS_OPERATOR (default: the OS user) and OPS_NOTIFY_WEBHOOK. */
export interface ActionLogSettings {
  operator: string | undefined;
  notifyWebhook: string | undefined;
}

export interface ActionDeps {
  db: Queryable;
  actionLog: ActionLogSettings;
  log: Logger;
  /** Injected by tests; global fetch otherwise. */
  fetch?: typeof fetch;
}

/** Runs `fn` as the action `name`; its result's `details` are recorded; a throw is recorded and rethrown. */
export async function runAction<T extends { details?: Record<string, unknown> }>(
  d: ActionDeps,
  name: string,
  params: Record<string, unknown>,
  fn: () => Promise<T>,
): Promise<T> {
  const operator = d.actionLog.operator ?? safeUser();
  const startedAt = new Date();
  d.log.info({ action: name, operator, params }, 'maintenance action started');
  await notify(d, `:wrench: uns-meta ${name} started by ${operator}`);
  try {
    const result = await fn();
    await finish(d, {
      action: name,
      operator,
      startedAt,
      endedAt: new Date(),
      outcome: 'succeeded',
      details: { params, ...result.details },
    });
    return result;
  } catch (err) {
    await finish(d, {
      action: name,
      operator,
      startedAt,
      endedAt: new Date(),
      outcome: 'failed',
      details: { params },
      error: (err as Error).message,
    });
    throw err;
  }
}

async function finish(d: ActionDeps, r: ActionRecord): Promise<void> {
  const ms = r.endedAt.getTime() - r.startedAt.getTime();
  d.log[r.outcome === 'succeeded' ? 'info' : 'error'](
    { action: r.action, operator: r.operator, outcome: r.outcome, durationMs: ms, error: r.error },
    'maintenance action ended',
  );
  await d.db
    .query(
      `INSERT INTO uns_meta_sync.check_runs (check_id, cadence, status, value, evidence, started_at, duration_ms)
       VALUES ($1, 'action', $2, $3, $4, $5, $6)`,
      [
        `action.${r.action}`,
        r.outcome === 'succeeded' ? 'OK' : 'CRIT',
        ms / 1000,
        JSON.stringify({
          operator: r.operator,
          outcome: r.outcome,
          endedAt: r.endedAt.toISOString(),
          error: r.error,
          ...r.details,
        }),
        r.startedAt,
        ms,
      ],
    )
    .catch((err: unknown) => d.log.warn({ err, action: r.action }, 'action not recorded in check_runs'));
  const icon = r.outcome === 'succeeded' ? ':white_check_mark:' : ':x:';
  await notify(
    d,
    `${icon} uns-meta ${r.action} ${r.outcome} (${(ms / 1000).toFixed(1)} s, operator ${r.operator})${r.error ? `: ${r.error}` : ''}`,
  );
}

async function notify(d: ActionDeps, text: string): Promise<void> {
  const url = d.actionLog.notifyWebhook;
  if (!url) return;
  try {
    const res = await (d.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
      signal: AbortSignal.timeout(5_000),
    });
    if (!res.ok) d.log.warn({ status: res.status }, 'OPS_NOTIFY_WEBHOOK refused the notice');
  } catch (err) {
    d.log.warn({ err }, 'OPS_NOTIFY_WEBHOOK unreachable');
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
