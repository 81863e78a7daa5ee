// What a Sparkplug host remembers between messages: the alias set of every scope (node or device), node
// sessions (bdSeq, online) and seq continuity. Pure state; the ingest wiring decides what to do with it
// (persisting aliases, asking the database, publishing rebirth requests).

import type { SparkplugTopic } from './birth.js';
import { SeqTracker, type SeqVerdict } from './seq.js';

export interface NodeStatus {
  group: string;
  edge: string;
  online: boolean;
  bdSeq: bigint | null;
  lastBirthAt: number | null;
  lastDeathAt: number | null;
}

export type DeathVerdict = 'accepted' | 'ignored_bdseq_mismatch' | 'unknown_node';

export const scopeKey = (t: Pick<SparkplugTopic, 'group' | 'edge' | 'device'>): string =>
  `${t.group}/${t.edge}/${t.device}`;
export const nodeKey = (t: Pick<SparkplugTopic, 'group' | 'edge'>): string => `${t.group}/${t.edge}`;

export class HostState {
  private readonly aliases = new Map<string, Set<bigint>>();
  private readonly waiting = new Map<string, number>();
  /** Metric names of scopes that send DATA by name, loaded on first use; dropped by the scope's next birth. */
  private readonly names = new Map<string, Set<string>>();
  private readonly nodes = new Map<string, NodeStatus>();
  private readonly seq: SeqTracker;

  /** `reorderMs`: how long a seq gap waits for the skipped messages (MQTT_REORDER_TIMEOUT_MS). */
  constructor(reorderMs = 2000) {
    this.seq = new SeqTracker(reorderMs);
  }

  /** A birth of this scope replaces its alias set (stale aliases of an older birth must not survive). */
  replaceAliases(scope: string, aliases: Iterable<bigint>): void {
    this.aliases.set(scope, new Set(aliases));
    this.names.delete(scope);
  }

  /** The declared metric names of a scope, if loaded (see `setNames`). */
  knownNames(scope: string): ReadonlySet<string> | undefined {
    return this.names.get(scope);
  }

  setNames(scope: string, names: Iterable<string>): void {
    this.names.set(scope, new Set(names));
  }

  knowsAlias(scope: string, alias: bigint): boolean {
    return this.aliases.get(scope)?.has(alias) ?? false;
  }

  /** A received birth not yet applied: its aliases are coming, so unknown ones are not judged meanwhile. */
  birthWaiting(scope: string, delta: 1 | -1): void {
    const n = (this.waiting.get(scope) ?? 0) + delta;
    if (n > 0) this.waiting.set(scope, n);
    else this.waiting.delete(scope);
  }

  isWaiting(scope: string): boolean {
    return this.waiting.has(scope);
  }

  nodeBirth(t: Pick<SparkplugTopic, 'group' | 'edge'>, seq: number | null, bdSeq: bigint | null, now: number): void {
    const key = nodeKey(t);
    this.seq.birth(key, seq);
    this.nodes.set(key, {
      group: t.group,
      edge: t.edge,
      online: true,
      bdSeq,
      lastBirthAt: now,
      lastDeathAt: this.nodes.get(key)?.lastDeathAt ?? null,
    });
  }

  /** The session of a node stored by an earlier run: its NDEATH must still match after a restart. */
  restoreNode(
    t: Pick<SparkplugTopic, 'group' | 'edge'>,
    bdSeq: bigint | null,
    lastBirthAt: number | null,
    lastDeathAt: number | null,
  ): void {
    const key = nodeKey(t);
    if (!this.nodes.has(key))
      this.nodes.set(key, { group: t.group, edge: t.edge, online: false, bdSeq, lastBirthAt, lastDeathAt });
  }

  /** The bdSeq of a node whose NBIRTH this host saw in this run and that has not died since; else null. */
  session(t: Pick<SparkplugTopic, 'group' | 'edge'>): bigint | null {
    const node = this.nodes.get(nodeKey(t));
    return node?.online ? node.bdSeq : null;
  }

  /** An NDEATH counts only when its bdSeq matches the session opened by the NBIRTH. */
  nodeDeath(t: Pick<SparkplugTopic, 'group' | 'edge'>, bdSeq: bigint | null, now: number): DeathVerdict {
    const key = nodeKey(t);
    const node = this.nodes.get(key);
    if (!node) return 'unknown_node';
    if (node.bdSeq !== null && bdSeq !== null && node.bdSeq !== bdSeq) return 'ignored_bdseq_mismatch';
    node.online = false;
    node.lastDeathAt = now;
    this.seq.forget(key);
    return 'accepted';
  }

  nextSeq(t: Pick<SparkplugTopic, 'group' | 'edge'>, seq: number | null, now = 0): SeqVerdict {
    return this.seq.next(nodeKey(t), seq, now);
  }

  /** Edge nodes whose seq gap the reorder timeout did not heal. */
  expiredGaps(now: number): Array<{ group: string; edge: string }> {
    return this.seq
      .expired(now)
      .map((key) => this.nodes.get(key))
      .filter((n): n is NodeStatus => n !== undefined)
      .map((n) => ({ group: n.group, edge: n.edge }));
  }

  nodeList(): NodeStatus[] {
    return [...this.nodes.values()].map((n) => ({ ...n }));
  }
}
