// Folds the row messages of ONE transaction on uns_meta.metrics / metric_properties into property-level
// changes per metric (key → new typed value, or null = removed; the last write of a key wins).
// Pure: it neither reads the database (canary ids of untouched metrics are resolved later) nor debounces.

import type { PropertyValue } from '../sparkplug/birth.js';
import { canaryId as canaryIdOf } from '../uns/identity.js';
import { AppError } from '../errors.js';
import { BIRTH_MESSAGE_PREFIX } from '../store/birth-message.js';
import { normalizeLsn } from './lsn.js';
import { bool, int8, number, text, type PgoutputMessage, type Row } from './pgoutput.js';

/** `value: null` = the key was removed. */
export interface PropertyChange {
  value: PropertyValue | null;
}

export interface MetricChange {
  metricId: bigint;
  /**
   * The Canary tag, when the metric's row is in this transaction (derived from uns_path: pgoutput in
   * PostgreSQL 16 does not send the generated canary_id column). Null otherwise: resolve it with
   * `ResolveCanaryIds` before the outbox.
   */
  canaryId: string | null;
  changes: Map<string, PropertyChange>;
  /**
   * The tag needs the metric's FULL current property set, not just `changes`: the metric may have been
   * renamed (its Canary id changed) and the new tag has none of its properties yet.
   */
  resync: boolean;
  /** Commit LSN of the transaction (PostgreSQL text form). */
  lsn: string;
}

export interface TransactionResult {
  commitLsn: string;
  /**
   * Where end-to-end latency starts (ms since the epoch): when the birth behind the transaction came off
   * the broker, if its writer said so, else the commit time; null when neither is known.
   */
  sourceAt: number | null;
  /** Ordered by metric id. */
  changes: MetricChange[];
  /** Published tables truncated in this transaction: no per-key change exists; run `canary backfill`. */
  truncated: string[];
}

/**
 * What the CDC adapter provides: the current Canary id of metrics whose row did not change in the
 * transaction (`SELECT metric_id, canary_id FROM uns_meta.metrics WHERE metric_id = ANY($1)`), looked
 * up once per flush for the whole batch. A metric missing from the map no longer exists: drop its change.
 */
export type ResolveCanaryIds = (metricIds: readonly bigint[]) => Promise<Map<bigint, string>>;

interface MetricRow {
  canaryId: string;
  retired: boolean;
  /** Inserted in this transaction: all its properties are in the transaction too. */
  inserted: boolean;
  /** uns_path changed, or may have (without an old image an UPDATE cannot rule it out). */
  maybeRenamed: boolean;
  deleted: boolean;
}

/** Accumulates one transaction message by message (a 100k-metric birth is never held as messages). */
export class TransactionChanges {
  private readonly props = new Map<bigint, Map<string, PropertyChange>>();
  private readonly metrics = new Map<bigint, MetricRow>();
  private readonly truncated = new Set<string>();
  private committedAt: number | null = null;
  private receivedAt: number | null = null;

  constructor(private readonly schema = 'uns_meta') {}

  apply(m: PgoutputMessage): void {
    switch (m.tag) {
      case 'begin':
        if (typeof m.commitTime === 'bigint') this.committedAt = Number(m.commitTime / 1000n);
        return;
      case 'message':
        if (m.transactional && m.prefix === BIRTH_MESSAGE_PREFIX)
          this.receivedAt = birthReceivedAt(m.content) ?? this.receivedAt;
        return;
      case 'insert':
      case 'update':
      case 'delete':
        if (m.relation.schema !== this.schema) return;
        if (m.relation.name === 'metric_properties') this.property(m);
        else if (m.relation.name === 'metrics') this.metric(m);
        return;
      case 'truncate':
        for (const r of m.relations) if (r.schema === this.schema) this.truncated.add(`${r.schema}.${r.name}`);
        return;
      default:
        return;
    }
  }

  result(commitLsn: string): TransactionResult {
    const lsn = normalizeLsn(commitLsn);
    const ids = [...new Set([...this.props.keys(), ...this.metrics.keys()])].sort((a, b) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    const changes: MetricChange[] = [];
    for (const metricId of ids) {
      const row = this.metrics.get(metricId);
      // A deleted metric has no tag to address any more (metrics are retired, never deleted, by the app).
      if (row?.deleted) continue;
      const props = this.props.get(metricId) ?? new Map<string, PropertyChange>();
      const resync = row !== undefined && row.maybeRenamed && !row.inserted && !row.retired;
      if (props.size === 0 && !resync) continue;
      changes.push({ metricId, canaryId: row?.canaryId ?? null, changes: props, resync, lsn });
    }
    return { commitLsn: lsn, sourceAt: this.receivedAt ?? this.committedAt, changes, truncated: [...this.truncated] };
  }

  /**
   * The changes gathered so far as a result, then forgets them (the birth time stays): a huge
   * transaction is folded chunk by chunk instead of whole. Splitting where the row count says keeps the
   * chunks, and so the outbox keys, the same when the server sends the transaction again.
   */
  split(commitLsn: string): TransactionResult {
    const part = this.result(commitLsn);
    this.props.clear();
    this.metrics.clear();
    this.truncated.clear();
    return part;
  }

  private property(m: Extract<PgoutputMessage, { tag: 'insert' | 'update' | 'delete' }>): void {
    if (m.tag === 'delete') {
      const id = identity(m.key ?? m.old, 'metric_properties');
      this.set(id.metricId, id.key, null);
      return;
    }
    const metricId = int8(m.new.metric_id, 'metric_properties.metric_id');
    const key = text(m.new.key, 'metric_properties.key');
    // An UPDATE of the primary key itself sends the old key: that key is gone.
    if (m.tag === 'update' && m.key) {
      const old = identity(m.key, 'metric_properties');
      if (old.metricId !== metricId || old.key !== key) this.set(old.metricId, old.key, null);
    }
    const value = propertyValue(m.new);
    // undefined: an unchanged TOASTed value the update did not ship; the key did not change.
    if (value !== undefined) this.set(metricId, key, value);
  }

  private set(metricId: bigint, key: string, value: PropertyValue | null): void {
    let keys = this.props.get(metricId);
    if (!keys) this.props.set(metricId, (keys = new Map()));
    keys.set(key, { value });
  }

  private metric(m: Extract<PgoutputMessage, { tag: 'insert' | 'update' | 'delete' }>): void {
    if (m.tag === 'delete') {
      const row = m.key ?? m.old;
      if (!row) throw noIdentity('metrics');
      const metricId = int8(row.metric_id, 'metrics.metric_id');
      const prev = this.metrics.get(metricId);
      this.metrics.set(metricId, {
        canaryId: prev?.canaryId ?? '',
        retired: true,
        inserted: false,
        maybeRenamed: false,
        deleted: true,
      });
      return;
    }
    const metricId = int8(m.new.metric_id, 'metrics.metric_id');
    const path = text(m.new.uns_path, 'metrics.uns_path');
    const retired = m.new.retired_at !== null && m.new.retired_at !== undefined;
    if (m.tag === 'insert') {
      this.metrics.set(metricId, {
        canaryId: canaryIdOf(path),
        retired,
        inserted: true,
        maybeRenamed: false,
        deleted: false,
      });
      return;
    }
    const prev = this.metrics.get(metricId);
    // With REPLICA IDENTITY FULL the old row tells; with DEFAULT (the schema's) it is unknown.
    const renamed = m.old ? m.old.uns_path !== m.new.uns_path : true;
    this.metrics.set(metricId, {
      canaryId: canaryIdOf(path),
      retired,
      inserted: prev?.inserted ?? false,
      maybeRenamed: (prev?.maybeRenamed ?? false) || renamed,
      deleted: false,
    });
  }
}

/** Convenience for a whole transaction at hand (begin … commit, or row messages plus the commit LSN). */
export function transactionChanges(
  messages: Iterable<PgoutputMessage>,
  commitLsn?: string,
  schema?: string,
): TransactionResult {
  const tx = new TransactionChanges(schema);
  let lsn = commitLsn ?? null;
  for (const m of messages) {
    if ((m.tag === 'begin' || m.tag === 'commit') && m.commitLsn) lsn ??= m.commitLsn;
    tx.apply(m);
  }
  if (!lsn) throw new AppError('decode_failed', 'a transaction needs its commit LSN (a begin or commit message)');
  return tx.result(lsn);
}

/** The birth writer's message: `{"receivedAt": <ms>}`; anything else is ignored (latency falls back to commit time). */
function birthReceivedAt(content: Uint8Array): number | null {
  try {
    const v = (JSON.parse(Buffer.from(content).toString('utf8')) as { receivedAt?: unknown }).receivedAt;
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  } catch {
    return null;
  }
}

/** The typed value of a metric_properties row; undefined when its value column was not shipped. */
export function propertyValue(row: Row): PropertyValue | undefined {
  const type = row.type;
  const column =
    typeof type === 'string' && Object.hasOwn(VALUE_COLUMN, type)
      ? VALUE_COLUMN[type as PropertyValue['type']]
      : undefined;
  if (!column) throw new AppError('decode_failed', `metric_properties.type "${String(type)}" is not a property type`);
  const raw = row[column];
  if (raw === undefined) return undefined;
  if (raw === null)
    throw new AppError('decode_failed', `metric_properties row of type ${String(type)} has no ${column}`);
  const where = `metric_properties.${column}`;
  switch (type as PropertyValue['type']) {
    case 'int':
      return { type: 'int', value: number(raw, where) };
    case 'long':
      return { type: 'long', value: int8(raw, where) };
    case 'float':
      return { type: 'float', value: number(raw, where) };
    case 'double':
      return { type: 'double', value: number(raw, where) };
    case 'string':
      return { type: 'string', value: text(raw, where) };
    case 'boolean':
      return { type: 'boolean', value: bool(raw, where) };
  }
}

const VALUE_COLUMN: Record<PropertyValue['type'], string> = {
  int: 'value_int',
  long: 'value_long',
  float: 'value_float',
  double: 'value_double',
  string: 'value_string',
  boolean: 'value_bool',
};

function identity(row: Row | null, table: string): { metricId: bigint; key: string } {
  if (!row) throw noIdentity(table);
  return { metricId: int8(row.metric_id, `${table}.metric_id`), key: text(row.key, `${table}.key`) };
}

function noIdentity(table: string): AppError {
  return new AppError(
    'decode_failed',
    `a DELETE on uns_meta.${table} arrived without its key; the table needs REPLICA IDENTITY DEFAULT (its primary key) or FULL`,
  );
}
