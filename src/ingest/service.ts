// The live ingest stage: broker → receiver → birth cache → queue → birth writer. startIngest(deps)
// returns the running stage; stop() stops reading the broker, finishes the births being applied and
// leaves the waiting ones in the birth cache (replayed at the next start). Wiring only.

import { maskUrl } from '../config.js';
import { isRetryableDbError, isStatementTimeout, type Pool } from '../db.js';
import type { Logger } from '../log.js';
import { birthsTotal, dbConnectionErrorsTotal, seqGapsTotal } from '../metrics.js';
import { HostState, scopeKey } from '../sparkplug/host-state.js';
import { RebirthGovernor } from '../sparkplug/rebirth-governor.js';
import { parseTopic } from '../sparkplug/topic.js';
import { activeMetricNames, knownNodes, loadAllAliases, loadScopeAliases } from '../store/aliases.js';
import { pendingBirths } from './pending-births.js';
import { addOccurrences, recordQuarantine } from '../store/quarantine.js';
import { applyIntake } from './apply.js';
import { BirthCache } from './birth-cache.js';
import { BirthQueue, type QueuedBirth } from './birth-queue.js';
import { intakeLiveBirth } from './intake.js';
import { createReceiver } from './receiver.js';
import { RebirthRequests } from './rebirth-requests.js';
import type { SlotGate } from './slot-gate.js';
import { orderGuardCleared } from '../store/order-guard.js';
import { QuarantineSink } from './quarantine-sink.js';
import { Lifecycle } from '../sparkplug/lifecycle.js';
import { loadLifecycle, saveLifecycle } from '../store/lifecycle.js';
import { LifecycleSink } from './lifecycle-sink.js';
import type { ApplySettings } from './apply-settings.js';
import { startBrokerSession, type BrokerSession, type IngestMqttSettings } from './broker-session.js';

export type DbMode = 'local' | 'mock';

export interface IngestSettings {
  /** DB_MODE at start; the admin endpoint switches it at run time. */
  dbMode: DbMode;
  /** The intake limits and writer options; changedBy names this instance (`ingest:<client id>`). */
  apply: ApplySettings;
  /** INGEST_MAX_CLOCK_SKEW_SECONDS in ms: how far ahead of our clock a birth's timestamp is believed. */
  maxClockSkewMs: number;
  /** BIRTH_CACHE_DIR: every birth is kept here before it is applied. */
  birthCacheDir: string;
  /** INGEST_CONCURRENCY, INGEST_MEMORY_BYTES and INGEST_RETRY_MAX_SECONDS (in ms). */
  queue: { concurrency: number; memoryBytes: number; retryMaxMs: number };
  /** QUARANTINE_PAYLOAD_MAX_BYTES, and QUARANTINE_WINDOW_SECONDS (in ms) over which repeats are counted. */
  quarantine: { payloadMaxBytes: number; windowMs: number };
  /** MQTT_REBIRTH (on = enabled), its cooldown per node and budget, and when to ask on our own. */
  rebirth: { enabled: boolean; cooldownMs: number; budgetPerMinute: number; onStart: boolean; onSeqGap: boolean };
  /** MQTT_REORDER_TIMEOUT_MS: how long a seq gap may wait for the missing messages. */
  reorderTimeoutMs: number;
  mqtt: IngestMqttSettings;
}

export interface IngestDeps {
  settings: IngestSettings;
  pool: Pool;
  mqttUrl: string;
  /** With CDC on: births are written only once the replication slot exists. */
  slotGate?: SlotGate;
  log: Logger;
}

export interface Readiness {
  ok: boolean;
  detail?: string;
}

export interface IngestService {
  host: HostState;
  /** Which nodes and devices are alive; stored in uns_meta_sync.device_lifecycle. */
  lifecycle: Lifecycle;
  queue: BirthQueue;
  cache: BirthCache;
  /** Malformed messages on their way to uns_meta_sync.quarantine. */
  quarantine: QuarantineSink;
  mode(): DbMode;
  setMode(mode: DbMode): Promise<void>;
  /** Queues every cached birth the database does not have; returns how many. */
  replay(): Promise<number>;
  readiness(): Promise<Record<string, Readiness>>;
  /** Publishes on the service's broker connection (the ops alerts); rejects while not connected. */
  publish(topic: string, payload: Buffer, opts: { qos: 0 | 1; retain: boolean }): Promise<void>;
  stop(): Promise<void>;
}

/** Attempts of a birth that meets a statement timeout before it is quarantined (the device then moves on). */
const STATEMENT_TIMEOUT_ATTEMPTS = 3;

export async function startIngest(d: IngestDeps): Promise<IngestService> {
  const s = d.settings;
  const log = d.log;
  let mode: DbMode = s.dbMode;
  const host = new HostState(s.reorderTimeoutMs);
  const cache = new BirthCache(s.birthCacheDir);
  const { limits, writer } = s.apply;

  for (const [scope, aliases] of await loadAllAliases(d.pool)) host.replaceAliases(scope, aliases);
  const lifecycle = new Lifecycle();
  const stored = await loadLifecycle(d.pool);
  lifecycle.restore(stored);
  for (const n of stored) if (n.device === '') host.restoreNode(n, n.bdSeq, n.lastBirthAt, n.lastDeathAt);
  // Whatever happened while this host was away is not known: unknown until a birth or message says.
  lifecycle.unwatched();
  const lifecycleSink = new LifecycleSink({
    lifecycle,
    save: () => (mode === 'local' ? (rows) => saveLifecycle(d.pool, rows) : null),
    log,
  });

  const scopeOf = (topic: string) => {
    const t = parseTopic(topic);
    return t.ok ? t.topic : null;
  };

  async function apply(item: QueuedBirth): Promise<void> {
    const bytes = item.payload ?? cache.read(item.key)?.payload;
    if (!bytes) throw new Error(`birth cache entry of ${item.topic} is missing or unreadable`);
    const { intake } = await intakeLiveBirth(item.topic, bytes, limits);
    const local = mode === 'local';
    if (local) await d.slotGate?.wait();
    const outcome = await applyIntake(local ? d.pool : null, intake, {
      ...writer,
      receivedAt: item.receivedAt,
      session: item.session ?? null,
    });
    const t = scopeOf(item.topic);
    if (t && intake.ok) {
      if (local) host.replaceAliases(scopeKey(t), await loadScopeAliases(d.pool, t));
      else host.replaceAliases(scopeKey(t), birthAliases(intake.birth.metrics()));
      // An alias this birth shares with another scope of the node left that scope's map too.
      for (const device of outcome.aliasesDroppedFrom ?? []) {
        const other = { ...t, device };
        host.replaceAliases(scopeKey(other), await loadScopeAliases(d.pool, other));
      }
    }
    const m = outcome.metrics;
    log.info(
      {
        topic: item.topic,
        mode,
        status: outcome.status,
        reason: outcome.reason,
        ...m,
        quarantined: outcome.quarantined,
        identical: outcome.identical,
        declared: outcome.declared,
        clockClamped: outcome.clockClamped,
        seconds: Number(outcome.seconds.toFixed(3)),
      },
      local ? 'birth applied' : 'birth validated (DB_MODE=mock: not written)',
    );
  }

  const queue = new BirthQueue({
    ...s.queue,
    apply,
    isRetryable: isRetryableDbError,
    attemptsFor: (err) => (isStatementTimeout(err) ? STATEMENT_TIMEOUT_ATTEMPTS : Infinity),
    onRetry: (item, err, delayMs) => {
      dbConnectionErrorsTotal.inc();
      log.warn({ topic: item.topic, err, retryInMs: delayMs }, 'database unavailable; birth will be retried');
    },
    onFailed: async (item, err) => {
      birthsTotal.inc({ type: scopeOf(item.topic)?.type ?? 'unknown', result: 'failed' });
      const message = isStatementTimeout(err)
        ? `${(err as Error).message} (${STATEMENT_TIMEOUT_ATTEMPTS} attempts)`
        : (err as Error).message;
      log.error(
        { topic: item.topic, err },
        'birth could not be applied; quarantined (the raw birth stays in the birth cache)',
      );
      await recordQuarantine(
        d.pool,
        [{ topic: item.topic, code: 'birth_failed', message, payload: item.payload }],
        s.quarantine.payloadMaxBytes,
      );
    },
    onSettled: (item) => {
      const t = scopeOf(item.topic);
      if (t) host.birthWaiting(scopeKey(t), -1);
    },
  });

  let broker: BrokerSession | null = null;
  const publish = async (topic: string, payload: Buffer) => {
    if (!broker) throw new Error('not connected');
    await broker.publish(topic, payload);
  };
  const governor = new RebirthGovernor({
    enabled: s.rebirth.enabled,
    cooldownMs: s.rebirth.cooldownMs,
    budgetPerMinute: s.rebirth.budgetPerMinute,
  });
  const rebirths = new RebirthRequests(governor, publish, log);

  /** Set while the birth cache refuses writes (readiness says so). */
  let cacheFault: { since: number; error: string } | null = null;
  const sink = new QuarantineSink({
    store: () =>
      mode === 'local'
        ? {
            insert: (entries) => recordQuarantine(d.pool, entries, s.quarantine.payloadMaxBytes),
            addOccurrences: (rows) => addOccurrences(d.pool, rows),
          }
        : null,
    windowMs: s.quarantine.windowMs,
    log,
  });
  const receive = createReceiver({
    host,
    lifecycle,
    cache,
    queue,
    rebirths,
    limits,
    reject: (intake) =>
      sink.add({ topic: intake.topic, code: intake.code, message: intake.reason, payload: intake.payload }),
    storedNames: async (t) => (mode === 'local' ? activeMetricNames(d.pool, t) : null),
    storedAliases: async (t) => {
      const aliases = await loadScopeAliases(d.pool, t);
      return aliases.length ? aliases : null;
    },
    orderGuardCleared: async (t) => mode === 'local' && (await orderGuardCleared(d.pool, t)),
    maxClockSkewMs: s.maxClockSkewMs,
    onCacheWrite: (err) => {
      cacheFault = err ? { since: cacheFault?.since ?? Date.now(), error: err.message } : null;
    },
    ackWhenDurable: s.mqtt.qos === 1,
    seqGapRebirth: s.rebirth.onSeqGap,
    shared: Boolean(s.mqtt.sharedGroup),
    log,
  });

  async function replay(): Promise<number> {
    const pending = await pendingBirths(d.pool, cache);
    for (const p of pending) {
      host.birthWaiting(scopeKey(p.topic), 1);
      queue.push({
        key: p.key,
        topic: p.meta.topic,
        header: p.header,
        payload: null,
        receivedAt: Date.parse(p.meta.receivedAt),
        session: p.meta.session == null ? null : BigInt(p.meta.session),
      });
    }
    if (pending.length) log.info({ births: pending.length }, 'replaying births from the birth cache');
    return pending.length;
  }

  if (mode === 'local') await replay();

  // A seq gap still open after the reorder timeout is a real gap: counted, and a rebirth if configured.
  const gapTimer = setInterval(
    () => {
      for (const n of host.expiredGaps(Date.now())) {
        seqGapsTotal.inc();
        log.info({ group: n.group, edge: n.edge }, 'seq gap: messages missing after MQTT_REORDER_TIMEOUT_MS');
        if (s.rebirth.onSeqGap)
          void rebirths.request(n.group, n.edge, 'seq_gap', `seq gap not healed within ${s.reorderTimeoutMs} ms`);
      }
    },
    Math.max(100, Math.min(500, s.reorderTimeoutMs / 2)),
  );
  gapTimer.unref();

  broker = startBrokerSession({
    url: d.mqttUrl,
    settings: s.mqtt,
    rebirthOnStart: s.rebirth.onStart,
    rebirths,
    knownNodes: async () => [...host.nodeList(), ...(await knownNodes(d.pool).catch(() => []))],
    receive,
    onDisconnect: () => lifecycle.unwatched(),
    log,
  });

  return {
    host,
    lifecycle,
    queue,
    cache,
    quarantine: sink,
    mode: () => mode,
    async setMode(next) {
      if (next === mode) return;
      log.warn({ from: mode, to: next }, 'DB_MODE switched');
      mode = next;
      if (next === 'local') await replay();
    },
    replay,
    publish: async (topic, payload, opts) => {
      if (!broker) throw new Error('the MQTT session is stopped');
      await broker.publish(topic, payload, opts);
    },
    async readiness() {
      const db = await probe(d.pool);
      const q = queue.status();
      return {
        database: db,
        broker: broker?.connected() ? { ok: true } : { ok: false, detail: `not connected to ${maskUrl(d.mqttUrl)}` },
        writer: q.retrying
          ? { ok: false, detail: `retrying since ${new Date(q.retrying.since).toISOString()}: ${q.retrying.error}` }
          : { ok: true, detail: `${mode}; ${q.waiting} waiting, ${q.running} applying` },
        birthCache: cacheFault
          ? {
              ok: false,
              detail: `${s.birthCacheDir} refuses writes since ${new Date(cacheFault.since).toISOString()} (${cacheFault.error}); births are applied from memory`,
            }
          : { ok: true },
      };
    },
    async stop() {
      await broker?.stop();
      broker = null;
      clearInterval(gapTimer);
      await queue.stop();
      await sink.stop();
      lifecycle.unwatched();
      await lifecycleSink.stop();
    },
  };
}

function birthAliases(metrics: Iterable<{ ok: boolean; metric?: { alias: bigint | null } }>): bigint[] {
  const out: bigint[] = [];
  for (const r of metrics) if (r.ok && r.metric?.alias != null) out.push(r.metric.alias);
  return out;
}

async function probe(pool: Pool): Promise<Readiness> {
  const timeout = new Promise<Readiness>((resolve) =>
    setTimeout(() => resolve({ ok: false, detail: 'no answer within 1.5 s' }), 1500).unref(),
  );
  const query = pool.query('SELECT 1').then(
    (): Readiness => ({ ok: true }),
    (err: unknown): Readiness => ({ ok: false, detail: (err as Error).message }),
  );
  return Promise.race([query, timeout]);
}
