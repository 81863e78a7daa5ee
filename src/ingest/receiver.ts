// Every message from the broker passes here. Births: checked and decoded up to the header, kept in
// the birth cache (on disk before the broker gets its ack), queued for the writer. DATA and DEATH:
// host bookkeeping only (seq, bdSeq, aliases) and, when the host's view is stale, a rebirth request.
// Malformed messages are quarantined with their reason; nothing here throws for bad input.

import type { Logger } from '../log.js';
import type { SparkplugTopic } from '../sparkplug/birth.js';
import { aheadOfClock, guardHolds, isOlder, orderingHeader } from '../sparkplug/birth-order.js';
import { HostState, nodeKey, scopeKey } from '../sparkplug/host-state.js';
import type { Lifecycle } from '../sparkplug/lifecycle.js';
import { readNodeMessage, type NodeMessageResult } from '../sparkplug/node-message.js';
import { preInflate } from '../sparkplug/payload.js';
import { parseTopic } from '../sparkplug/topic.js';
import { birthCacheErrorsTotal, birthsTotal, deathsTotal } from '../metrics.js';
import { BirthCache } from './birth-cache.js';
import type { BirthQueue } from './birth-queue.js';
import { intakeLiveBirth, type IntakeLimits, type IntakeResult } from './intake.js';
import type { RebirthRequests } from './rebirth-requests.js';

export interface ReceiverDeps {
  host: HostState;
  /** Which nodes and devices are alive (stored by the LifecycleSink). */
  lifecycle: Lifecycle;
  cache: BirthCache;
  queue: BirthQueue;
  rebirths: RebirthRequests;
  limits: IntakeLimits;
  /** Quarantines a message that is not a usable birth; must not wait for the database (see QuarantineSink). */
  reject(intake: Extract<IntakeResult, { ok: false }>): void;
  /** Names of the active metrics stored for the scope (asked only for DATA that names metrics); null: not known here. */
  storedNames(t: SparkplugTopic): Promise<string[] | null>;
  /** Aliases another instance (or an earlier run) stored for the scope; null when unknown. */
  storedAliases(t: SparkplugTopic): Promise<bigint[] | null>;
  /**
   * True when the device's ordering guard was cleared in the database (`devices reset-order`): a birth
   * older than the cached one is then taken. Asked only for a birth about to be refused as stale.
   */
  orderGuardCleared(t: SparkplugTopic): Promise<boolean>;
  /** INGEST_MAX_CLOCK_SKEW_SECONDS in ms. */
  maxClockSkewMs: number;
  /** The outcome of every birth cache write: an error while the disk refuses, null once it takes writes. */
  onCacheWrite(err: Error | null): void;
  /** MQTT_QOS=1: a birth the cache could not keep is acknowledged only once it is applied. */
  ackWhenDurable: boolean;
  seqGapRebirth: boolean;
  /** In a shared subscription a node's messages are spread over instances: seq gaps mean nothing. */
  shared: boolean;
  log: Logger;
  now?: () => number;
}

const LOOKUP_INTERVAL_MS = 5_000;

export function createReceiver(d: ReceiverDeps): (topic: string, payload: Buffer) => Promise<void> {
  const now = d.now ?? Date.now;
  const lastLookup = new Map<string, number>();

  async function birth(topic: string, t: SparkplugTopic, payload: Buffer): Promise<void> {
    const { intake, inflated } = await intakeLiveBirth(topic, payload, d.limits);
    if (!intake.ok) {
      d.reject(intake);
      return;
    }
    const receivedAt = now();
    const order = orderingHeader(intake.birth.header, receivedAt, d.maxClockSkewMs);
    if (order.clamped) {
      d.log.warn(
        { topic, timestamp: String(intake.birth.header.timestamp), receivedAt },
        'birth stamped more than INGEST_MAX_CLOCK_SKEW_SECONDS ahead of this host: ordered by its receive time',
      );
    }
    const header = order.header;
    const key = BirthCache.keyOf(t.group, t.edge, t.device);
    const cached = d.cache.meta(key);
    const guard = cached && { timestamp: big(cached.timestamp), seq: big(cached.seq) };
    const bdSeq = t.type === 'NBIRTH' ? nodeBdSeq(payload, d, inflated) : null;
    // The node session this birth belongs to; in a shared subscription arrival order means nothing.
    const session = d.shared ? null : t.type === 'NBIRTH' ? bdSeq : d.host.session(t);
    const sameSession = session !== null && cached?.session != null && cached.session === session.toString();
    if (
      guard &&
      !sameSession &&
      guardHolds(guard, receivedAt, d.maxClockSkewMs) &&
      isOlder(header, guard) &&
      !(await d.orderGuardCleared(t))
    ) {
      birthsTotal.inc({ type: t.type, result: 'stale' });
      d.log.info(
        { topic, timestamp: String(header.timestamp), cached: cached.timestamp },
        'birth older than the newest received one; not applied',
      );
      return;
    }
    const meta = {
      topic,
      timestamp: header.timestamp?.toString() ?? null,
      seq: header.seq?.toString() ?? null,
      session: session?.toString() ?? null,
      receivedAt: new Date(receivedAt).toISOString(),
    };
    const inCache = await d.cache.put(key, meta, payload).then(
      () => {
        d.onCacheWrite(null);
        return true;
      },
      (err: unknown) => {
        // A full or failing disk must not drop the birth: it is applied from memory instead.
        birthCacheErrorsTotal.inc();
        d.log.error({ err, topic }, 'birth cache not writable: the birth is applied from memory, not kept on disk');
        d.onCacheWrite(err as Error);
        return false;
      },
    );
    if (t.type === 'NBIRTH') {
      d.host.nodeBirth(t, header.seq === null ? null : Number(header.seq), bdSeq, now());
      d.lifecycle.nodeBirth(t, bdSeq, receivedAt);
    } else {
      checkSeq(t, header.seq === null ? null : Number(header.seq));
      d.lifecycle.deviceBirth(t, receivedAt);
    }
    d.host.birthWaiting(scopeKey(t), 1);
    if (inCache || !d.ackWhenDurable) {
      d.queue.push({ key, topic, header, payload, receivedAt, session, inCache });
      return;
    }
    // QoS 1: the broker's acknowledgement (our return) waits until the database holds the birth.
    await new Promise<void>((settled) =>
      d.queue.push({ key, topic, header, payload, receivedAt, session, inCache, settled }),
    );
  }

  /**
   * seq of a node's later message. A gap only opens the reorder wait (the service's timer reports what
   * stays missing); a node with no NBIRTH seen in this session is a stale view: a governed rebirth.
   */
  function checkSeq(t: SparkplugTopic, seq: number | null): void {
    if (d.shared) return;
    const verdict = d.host.nextSeq(t, seq, now());
    if (verdict === 'gap')
      d.log.debug(
        { group: t.group, edge: t.edge, type: t.type, seq },
        'seq gap: waiting MQTT_REORDER_TIMEOUT_MS for the skipped messages',
      );
    else if (verdict === 'unknown' && seq !== null)
      void d.rebirths.request(
        t.group,
        t.edge,
        'no_session',
        `${t.type} from a node whose NBIRTH this host has not seen`,
      );
  }

  /** DATA and DEATH read off the event loop's back too: a compressed body inflates in the thread pool. */
  async function nodeMessage(payload: Buffer): Promise<NodeMessageResult> {
    const pre = await preInflate(payload, d.limits.maxInflatedBytes);
    return pre && !pre.ok ? pre : readNodeMessage(payload, d.limits.maxInflatedBytes, pre?.buf);
  }

  async function data(t: SparkplugTopic, payload: Buffer): Promise<void> {
    const msg = await nodeMessage(payload);
    if (!msg.ok) {
      d.log.debug({ type: t.type, group: t.group, edge: t.edge, reason: msg.reason }, 'undecodable DATA ignored');
      return;
    }
    checkSeq(t, msg.message.seq);
    d.lifecycle.seen(t);
    const scope = scopeKey(t);
    if (d.host.isWaiting(scope)) return;
    if (await unknownName(t, scope, msg.message.metrics)) return;
    let unknown = msg.message.metrics.filter((m) => m.alias !== null && !d.host.knowsAlias(scope, m.alias));
    if (unknown.length === 0) return;
    // Another instance (shared subscription) or an earlier run may have stored this scope's birth.
    if (now() - (lastLookup.get(scope) ?? -Infinity) >= LOOKUP_INTERVAL_MS) {
      lastLookup.set(scope, now());
      const stored = await d.storedAliases(t).catch(() => null);
      if (stored) d.host.replaceAliases(scope, stored);
      unknown = unknown.filter((m) => m.alias !== null && !d.host.knowsAlias(scope, m.alias));
      if (unknown.length === 0) return;
    }
    await d.rebirths.request(
      t.group,
      t.edge,
      'unknown_alias',
      `${t.type} ${scope}: alias ${unknown[0]?.alias} unknown`,
    );
  }

  /** DATA naming a metric the scope's birth did not declare: a governed rebirth (stale view). */
  async function unknownName(
    t: SparkplugTopic,
    scope: string,
    metrics: Array<{ name: string | null; alias: bigint | null }>,
  ): Promise<boolean> {
    const named = metrics.filter(
      (m) => m.name !== null && m.name !== '' && !(t.type === 'NDATA' && m.name === 'bdSeq'),
    );
    if (named.length === 0) return false;
    let names = d.host.knownNames(scope);
    if (!names) {
      const stored = await d.storedNames(t).catch(() => null);
      if (!stored) return false;
      d.host.setNames(scope, stored);
      names = d.host.knownNames(scope) as ReadonlySet<string>;
    }
    const unknown = named.find((m) => !names.has(m.name as string));
    if (!unknown) return false;
    await d.rebirths.request(
      t.group,
      t.edge,
      'unknown_metric',
      `${t.type} ${scope}: metric "${unknown.name}" not declared by the birth`,
    );
    return true;
  }

  async function death(t: SparkplugTopic, payload: Buffer): Promise<void> {
    const msg = await nodeMessage(payload);
    if (t.type === 'DDEATH') {
      deathsTotal.inc({ type: t.type, result: 'accepted' });
      if (msg.ok) checkSeq(t, msg.message.seq);
      // Sparkplug times a DDEATH by its payload timestamp (an NDEATH, sent by the broker, by the host's clock).
      const stamped = msg.ok ? msg.message.timestamp : null;
      const at = stamped !== null && !aheadOfClock(stamped, now(), d.maxClockSkewMs) ? Number(stamped) : now();
      d.lifecycle.deviceDeath(t, at);
      return;
    }
    const bdSeq = msg.ok ? (msg.message.metrics.find((m) => m.name === 'bdSeq')?.integer ?? null) : null;
    const verdict = d.host.nodeDeath(t, bdSeq, now());
    if (verdict === 'accepted') d.lifecycle.nodeDeath(t, now());
    deathsTotal.inc({ type: t.type, result: verdict });
    d.log.info({ node: nodeKey(t), bdSeq: bdSeq?.toString(), verdict }, 'NDEATH');
  }

  return async (topic, payload) => {
    const parsed = parseTopic(topic);
    if (!parsed.ok) return d.reject({ ok: false, topic, code: 'topic_invalid', reason: parsed.reason, payload });
    const t = parsed.topic;
    switch (t.type) {
      case 'NBIRTH':
      case 'DBIRTH':
        return birth(topic, t, payload);
      case 'NDATA':
      case 'DDATA':
        return data(t, payload);
      case 'NDEATH':
      case 'DDEATH':
        return death(t, payload);
      default:
        return;
    }
  };
}

function nodeBdSeq(payload: Buffer, d: ReceiverDeps, inflated: Buffer | undefined): bigint | null {
  const msg = readNodeMessage(payload, d.limits.maxInflatedBytes, inflated);
  return msg.ok ? (msg.message.metrics.find((m) => m.name === 'bdSeq')?.integer ?? null) : null;
}

function big(v: string | null): bigint | null {
  return v === null ? null : BigInt(v);
}
