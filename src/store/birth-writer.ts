// Applies one decoded birth to uns_meta in ONE transaction: rows are streamed with COPY into staging,
// then merged set-based (merge.ts). Bad metrics are quarantined while the rest applies; an unchanged
// birth writes zero rows in uns_meta. Does not decode or read the broker: see src/ingest.

import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Birth, BirthMetric } from '../sparkplug/birth.js';
import { devicePath } from '../uns/identity.js';
import { xactLock } from '../db.js';
import { deviceLockKey } from './device.js';
import { AppError, isConstraintViolation } from '../errors.js';
import { constraintViolationTotal } from '../metrics.js';
import * as sql from './merge.js';
import { recordQuarantine, bigintReplacer, type QuarantineEntry } from './quarantine.js';
import { CREATE_STAGING, COPY_METRICS, COPY_PROPS, copyLines } from './staging.js';
import { StagedBirth } from './staged-birth.js';
import { upsertDevice } from './device.js';

export interface WriterOptions {
  /** Recorded in metric_versions.changed_by: `ingest:<client id>`, `cli:<user>`, … */
  changedBy: string;
  renameByFingerprint: boolean;
  quarantinePayloadMaxBytes: number;
  /** Compute and report the diff, then roll back. */
  dryRun?: boolean;
  /** Flush this backend's table statistics at commit (benchmarks and tests read pg_stat_user_tables). */
  flushStats?: boolean;
  onProgress?: (metricsRead: number) => void;
}

export interface BirthOutcome {
  status: 'applied' | 'stale' | 'quarantined';
  topic: string;
  devicePath: string | null;
  reason?: string;
  metrics: { created: number; updated: number; renamed: number; restored: number; retired: number; unchanged: number };
  propertiesWritten: number;
  versions: number;
  quarantined: number;
  canaryConflicts: Array<{ canaryId: string; paths: string[] }>;
  /** Present with dryRun: the versions this birth would write (first 1,000). */
  diffs?: Array<{ uns_path: string; diff: unknown }>;
  seconds: number;
}

function emptyOutcome(topic: string, path: string | null): BirthOutcome {
  return {
    status: 'applied',
    topic,
    devicePath: path,
    metrics: { created: 0, updated: 0, renamed: 0, restored: 0, retired: 0, unchanged: 0 },
    propertiesWritten: 0,
    versions: 0,
    quarantined: 0,
    canaryConflicts: [],
    seconds: 0,
  };
}

export async function applyBirth(pool: pg.Pool, birth: Birth, opts: WriterOptions): Promise<BirthOutcome> {
  const started = performance.now();
  const { group, edge, device } = birth.parsed;
  const dev = devicePath(birth.parsed);
  const done = (o: BirthOutcome) => ({ ...o, seconds: (performance.now() - started) / 1000 });
  if (!dev.ok) {
    await quarantineWhole(pool, birth, 'device_path_invalid', dev.reason, opts);
    return done({ ...emptyOutcome(birth.topic, null), status: 'quarantined', reason: dev.reason, quarantined: 1 });
  }
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Marks this transaction's property writes as the writer's own (fingerprints stay valid).
    await client.query(`SET LOCAL uns_meta.birth_writer = 'on'`);
    await xactLock(client, deviceLockKey(group, edge, device));
    const stale = await staleReason(client, birth);
    if (stale) {
      await client.query('ROLLBACK');
      return done({ ...emptyOutcome(birth.topic, dev.path), status: 'stale', reason: stale });
    }
    const outcome = await merge(client, birth, dev.path, opts);
    if (opts.dryRun) {
      outcome.diffs = await pendingDiffs(client, opts.changedBy);
      await client.query('ROLLBACK');
    } else {
      await client.query('COMMIT');
      if (opts.flushStats) await client.query('SELECT pg_stat_force_next_flush()');
    }
    return done(outcome);
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (err instanceof AppError && err.code === 'birth_rejected') {
      await quarantineWhole(pool, birth, 'birth_failed', err.message, opts);
      return done({ ...emptyOutcome(birth.topic, dev.path), status: 'quarantined', reason: err.message, quarantined: 1 });
    }
    if (!isConstraintViolation(err)) throw err;
    constraintViolationTotal.inc();
    const e = err as { constraint?: string; message: string };
    const reason = `constraint ${e.constraint ?? '?'} refused the birth: ${e.message}`;
    await quarantineWhole(pool, birth, 'constraint_violation', reason, opts, { constraint: e.constraint });
    return done({ ...emptyOutcome(birth.topic, dev.path), status: 'quarantined', reason, quarantined: 1 });
  } finally {
    client.release();
  }
}

/** Older than the newest applied birth of the device (timestamp, then seq) → not applied. */
async function staleReason(client: pg.ClientBase, birth: Birth): Promise<string | null> {
  const { group, edge, device } = birth.parsed;
  const r = await client.query<{ birth_ts: bigint | null; birth_seq: bigint | null }>(
    'SELECT birth_ts, birth_seq FROM uns_meta_sync.births WHERE group_id = $1 AND edge = $2 AND device = $3',
    [group, edge, device],
  );
  const stored = r.rows[0];
  const { timestamp, seq } = birth.header;
  if (!stored || stored.birth_ts === null || timestamp === null) return null;
  const older = timestamp < stored.birth_ts || (timestamp === stored.birth_ts && seq !== null && stored.birth_seq !== null && seq < stored.birth_seq);
  return older ? `birth (timestamp ${timestamp}, seq ${seq}) is older than the applied one (timestamp ${stored.birth_ts}, seq ${stored.birth_seq})` : null;
}

async function merge(client: pg.PoolClient, birth: Birth, path: string, opts: WriterOptions): Promise<BirthOutcome> {
  const out = emptyOutcome(birth.topic, path);
  const { group, edge, device } = birth.parsed;
  await client.query(CREATE_STAGING);
  const staged = new StagedBirth(birth.topic, path, await storedFingerprints(client, group, edge, device), opts.onProgress);
  const metricLines: string[] = [];
  await copyLines(client, COPY_PROPS, staged.stage(birth.metrics(), metricLines));
  await copyLines(client, COPY_METRICS, metricLines);
  await stageUnnamed(client, birth, staged);
  if (staged.read > 0 && staged.accepted === 0) {
    throw new AppError('birth_rejected', `none of the ${staged.read} metrics of the birth could be read: ${staged.problems[0]?.message ?? ''}`);
  }
  await client.query(sql.DROP_STAGED, [staged.withdrawnOrds()]);
  await client.query('ANALYZE stg_prop');

  const deviceId = await upsertDevice(client, { group, edge, device, path, plant: staged.plant() });
  await client.query(sql.MATCH_BY_NAME, [deviceId]);
  if (opts.renameByFingerprint) await client.query(sql.MATCH_BY_FINGERPRINT, [deviceId]);
  await dropTakenPaths(client, birth.topic, staged);
  await client.query(sql.ASSIGN_IDS);
  // The planner must see the ops just assigned, or it plans the joins below for a handful of rows.
  await client.query('ANALYZE stg_metric');

  const source = JSON.stringify({ topic: birth.topic, seq: jsonNumber(birth.header.seq), timestamp: jsonNumber(birth.header.timestamp) });
  await client.query(sql.UPDATE_METRICS);
  out.metrics.created = (await client.query(sql.INSERT_METRICS, [deviceId])).rowCount ?? 0;
  out.propertiesWritten += (await client.query(sql.INSERT_NEW_PROPERTIES)).rowCount ?? 0;
  await client.query(sql.DIFF_PROPERTIES);
  await client.query('ANALYZE prop_change');
  out.propertiesWritten += (await client.query(sql.UPSERT_CHANGED_PROPERTIES)).rowCount ?? 0;
  out.propertiesWritten += (await client.query(sql.DELETE_REMOVED_PROPERTIES)).rowCount ?? 0;
  out.versions += (await client.query(sql.VERSIONS_CREATED, [opts.changedBy, source])).rowCount ?? 0;
  const changed = await client.query<{ op: 'updated' | 'renamed' | 'restored' }>(sql.VERSIONS_CHANGED, [opts.changedBy, source]);
  for (const { op } of changed.rows) out.metrics[op] += 1;
  out.versions += changed.rowCount ?? 0;
  await client.query(sql.SAVE_FINGERPRINTS);
  await client.query(sql.LINEAGE);
  out.metrics.retired = (await client.query(sql.RETIRE, [deviceId, opts.changedBy, source])).rowCount ?? 0;
  out.versions += out.metrics.retired;
  out.metrics.unchanged = staged.accepted - staged.withdrawn.size - out.metrics.created - (changed.rowCount ?? 0);

  for (const q of sql.REPLACE_ALIASES) await client.query(q, [group, edge, device]);
  await recordBirth(client, birth);
  await recordQuarantine(client, staged.problems, opts.quarantinePayloadMaxBytes);
  out.quarantined = staged.problems.length;
  const conflicts = await client.query<{ canary_id: string; paths: string[] }>(sql.CANARY_CONFLICTS);
  out.canaryConflicts = conflicts.rows.map((r) => ({ canaryId: r.canary_id, paths: r.paths }));
  return out;
}

/** Fingerprint (hex, '' when unknown) of each stored metric of the device, by name. */
async function storedFingerprints(client: pg.ClientBase, group: string, edge: string, device: string): Promise<Map<string, string>> {
  const r = await client.query<{ name: string; fp: string | null }>(
    `SELECT m.name, encode(f.fp, 'hex') AS fp FROM uns_meta.metrics m
     JOIN uns_meta.devices d USING (device_id) LEFT JOIN uns_meta_sync.metric_fingerprints f USING (metric_id)
     WHERE d.group_id = $1 AND d.edge = $2 AND d.device = $3`,
    [group, edge, device],
  );
  return new Map(r.rows.map((x) => [x.name, x.fp ?? '']));
}

/** Metrics that came with only an alias: named from the stored alias map of the scope, else quarantined. */
async function stageUnnamed(client: pg.PoolClient, birth: Birth, staged: StagedBirth): Promise<void> {
  if (staged.unnamed.length === 0) return;
  const { group, edge, device } = birth.parsed;
  const r = await client.query<{ alias: bigint; name: string }>(
    'SELECT alias, name FROM uns_meta_sync.aliases WHERE group_id = $1 AND edge = $2 AND device = $3 AND alias = ANY($4::bigint[])',
    [group, edge, device, staged.unnamed.map((m) => (m.alias as bigint).toString())],
  );
  const names = new Map(r.rows.map((x) => [x.alias, x.name]));
  const resolved: BirthMetric[] = [];
  for (const m of staged.unnamed) {
    const name = names.get(m.alias as bigint);
    if (name === undefined) staged.problem('metric_unnamed', `metric with alias ${m.alias} has no name and the alias is unknown`, m);
    else resolved.push({ ...m, name });
  }
  const lines: string[] = [];
  await copyLines(client, COPY_PROPS, staged.stage(resolved.map((metric) => ({ ok: true as const, metric })), lines, false));
  await copyLines(client, COPY_METRICS, lines);
}

async function dropTakenPaths(client: pg.PoolClient, topic: string, staged: StagedBirth): Promise<void> {
  const taken = await client.query<{ ord: number; name: string; uns_path: string; holder: string }>(sql.PATH_TAKEN);
  if (taken.rowCount === 0) return;
  for (const t of taken.rows) {
    staged.problems.push({
      topic,
      code: 'uns_path_taken',
      message: `metric "${t.name}" maps to ${t.uns_path}, which stored metric "${t.holder}" already holds; rename one of them`,
      details: { name: t.name, uns_path: t.uns_path, holder: t.holder },
    });
    staged.withdrawn.add(t.name);
  }
  await client.query(sql.DROP_STAGED, [taken.rows.map((t) => t.ord)]);
}

async function recordBirth(client: pg.ClientBase, birth: Birth): Promise<void> {
  const { group, edge, device } = birth.parsed;
  await client.query(
    `INSERT INTO uns_meta_sync.births (group_id, edge, device, topic, birth_ts, birth_seq, payload_sha256)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (group_id, edge, device) DO UPDATE SET topic = EXCLUDED.topic, birth_ts = EXCLUDED.birth_ts,
       birth_seq = EXCLUDED.birth_seq, payload_sha256 = EXCLUDED.payload_sha256, applied_at = now()`,
    [group, edge, device, birth.topic, birth.header.timestamp?.toString() ?? null, birth.header.seq?.toString() ?? null, createHash('sha256').update(birth.payload).digest('hex')],
  );
}

async function pendingDiffs(client: pg.ClientBase, changedBy: string): Promise<Array<{ uns_path: string; diff: unknown }>> {
  const r = await client.query(
    `SELECT m.uns_path, v.diff FROM uns_meta.metric_versions v JOIN uns_meta.metrics m USING (metric_id)
     WHERE v.changed_at = now() AND v.changed_by = $1 ORDER BY v.version_id LIMIT 1000`,
    [changedBy],
  );
  return r.rows;
}

async function quarantineWhole(
  pool: pg.Pool,
  birth: Birth,
  code: QuarantineEntry['code'],
  message: string,
  opts: WriterOptions,
  details: Record<string, unknown> = {},
): Promise<void> {
  if (opts.dryRun) return;
  await recordQuarantine(pool, [{ topic: birth.topic, code, message, details: { ...details, header: JSON.parse(JSON.stringify(birth.header, bigintReplacer)) }, payload: birth.payload }], opts.quarantinePayloadMaxBytes);
}

function jsonNumber(v: bigint | null): number | string | null {
  if (v === null) return null;
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}
