// The subset of pg-logical-replication's PgoutputPlugin messages that CDC reads, declared locally so the
// pure modules import no driver, and exact readers for the column values its parser produced.
// Does not parse bytes: that stays in the library (PgoutputPlugin.parse).

import { AppError } from '../errors.js';

/** A tuple as the plugin builds it: column name → value parsed by pg's global text parsers. */
export type Row = Readonly<Record<string, unknown>>;

export interface Relation {
  schema: string;
  name: string;
}

export type PgoutputMessage =
  | {
      tag: 'begin';
      commitLsn: string | null;
      xid: number;
      /** µs since the Unix epoch (a bigint; the library types it loosely). */ commitTime?: unknown;
    }
  | { tag: 'commit'; commitLsn: string | null; commitEndLsn: string | null }
  | { tag: 'insert'; relation: Relation; new: Row }
  | { tag: 'update'; relation: Relation; key: Row | null; old: Row | null; new: Row }
  | { tag: 'delete'; relation: Relation; key: Row | null; old: Row | null }
  | { tag: 'truncate'; relations: readonly Relation[] }
  | { tag: 'message'; transactional: boolean; prefix: string; content: Uint8Array }
  | { tag: 'relation' | 'type' | 'origin' };

/**
 * An int8 column, exactly. pg's default int8 parser (which the plugin uses) yields the decimal text,
 * so nothing passes through a double; a safe-integer number is accepted too (a custom parser), any
 * other number is refused because its precision may already be gone.
 */
export function int8(value: unknown, column: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  throw new AppError(
    'decode_failed',
    `column ${column} is not an exact int8 (${typeof value} ${String(value)}); do not register a Number parser for int8 (oid 20) in pg.types`,
  );
}

export function text(value: unknown, column: string): string {
  if (typeof value === 'string') return value;
  throw new AppError('decode_failed', `column ${column} is not text (${typeof value})`);
}

/** float4, float8 and int4: numbers from pg's parsers, or their text ('NaN', 'Infinity' included). */
export function number(value: unknown, column: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    if (!Number.isNaN(n) || value === 'NaN') return n;
  }
  throw new AppError('decode_failed', `column ${column} is not a number (${typeof value} ${String(value)})`);
}

export function bool(value: unknown, column: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 't' || value === 'f') return value === 't';
  throw new AppError('decode_failed', `column ${column} is not a boolean (${typeof value} ${String(value)})`);
}
