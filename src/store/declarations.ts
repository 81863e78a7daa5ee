// What each active metric of a device was last declared as (uns_meta_sync.device_fingerprints.declarations):
// per metric its id and the md5 of its declaration (identity-fingerprint.ts, declarationHashes). Kept only
// after a birth applied without a problem and forgotten with the identity fingerprint on any outside
// change, so a metric whose declaration hash is stored is exactly what its row holds. A rebirth matches
// those by hash and decodes only the rest: a 1 % delta of 98k metrics reads ~1,000 stored rows, not 98k.
//
// Layout: 16 bytes salt (md5 of what else the rows depend on), then 24 bytes per metric: id (int64 BE),
// declaration md5.

import { hash } from 'node:crypto';
import type pg from 'pg';
import type { SparkplugTopic } from '../sparkplug/birth.js';
import { DECLARATION_BYTES } from '../sparkplug/identity-fingerprint.js';
import type { StagedMetricRow } from './tsv.js';

const SALT_BYTES = 16;
const ENTRY_BYTES = 8 + DECLARATION_BYTES;

export interface StoredDeclarations {
  deviceId: bigint;
  /** devices.plant: the first segment every active metric shares, or null. */
  plant: string | null;
  /** The entries after the salt. */
  entries: Buffer;
}

/** A birth's metrics matched against the stored declarations. */
export interface DeclarationMatch {
  /** 1 at each position whose declaration is stored unchanged. */
  known: Uint8Array;
  knownCount: number;
  /** Positions to decode: new or changed metrics (or a second one with a known declaration). */
  unmatched: number[];
  /** Ids of stored metrics no position matched: changed, renamed or gone. */
  unmatchedIds: bigint[];
  /** 1 for each stored entry a position matched. */
  used: Uint8Array;
}

export function declarationSalt(salt: string): Buffer {
  return hash('md5', salt, 'buffer');
}

export async function loadDeclarations(
  client: pg.ClientBase,
  t: SparkplugTopic,
  salt: Buffer,
): Promise<StoredDeclarations | null> {
  const r = await client.query<{ device_id: bigint; plant: string | null; declarations: string }>(
    // base64: a third less text than bytea's hex output (2.4 MB of entries for a 98k-metric device).
    `SELECT d.device_id, d.plant, encode(f.declarations, 'base64') AS declarations
     FROM uns_meta.devices d JOIN uns_meta_sync.device_fingerprints f USING (device_id)
     WHERE d.group_id = $1 AND d.edge = $2 AND d.device = $3 AND f.declarations IS NOT NULL`,
    [t.group, t.edge, t.device],
  );
  const row = r.rows[0];
  const bytes = row ? Buffer.from(row.declarations, 'base64') : null;
  if (!row || !bytes || bytes.length < SALT_BYTES || (bytes.length - SALT_BYTES) % ENTRY_BYTES !== 0) return null;
  if (!bytes.subarray(0, SALT_BYTES).equals(salt)) return null;
  return { deviceId: BigInt(row.device_id), plant: row.plant, entries: bytes.subarray(SALT_BYTES) };
}

export function matchDeclarations(entries: Buffer, hashes: Buffer): DeclarationMatch {
  const stored = entries.length / ENTRY_BYTES;
  // Open addressing on the hashes' first 32 bits, a full compare on a hit: a Map of 98k keys cost more.
  let size = 1;
  while (size < stored * 2) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size).fill(-1);
  for (let i = 0; i < stored; i++) {
    let slot = entries.readUInt32LE(i * ENTRY_BYTES + 8) & mask;
    while (slots[slot] !== -1) slot = (slot + 1) & mask;
    slots[slot] = i;
  }
  const positions = hashes.length / DECLARATION_BYTES;
  const known = new Uint8Array(positions);
  const used = new Uint8Array(stored);
  const unmatched: number[] = [];
  let knownCount = 0;
  for (let p = 0; p < positions; p++) {
    const at = p * DECLARATION_BYTES;
    let slot = hashes.readUInt32LE(at) & mask;
    let found = -1;
    for (let i = slots[slot] as number; i !== -1; slot = (slot + 1) & mask, i = slots[slot] as number) {
      const e = i * ENTRY_BYTES + 8;
      // A declaration a second position repeats is decoded: the duplicate name is reported as such.
      if (used[i] === 0 && hashes.compare(entries, e, e + DECLARATION_BYTES, at, at + DECLARATION_BYTES) === 0) {
        found = i;
        break;
      }
    }
    if (found === -1) {
      unmatched.push(p);
      continue;
    }
    known[p] = 1;
    used[found] = 1;
    knownCount += 1;
  }
  const unmatchedIds: bigint[] = [];
  for (let i = 0; i < stored; i++) if (used[i] === 0) unmatchedIds.push(entries.readBigInt64BE(i * ENTRY_BYTES));
  return { known, knownCount, unmatched, unmatchedIds, used };
}

/** Ids of the metrics a birth declared, by position, as the merge learns them (staged rows get theirs later). */
export class DeclaredIds {
  private readonly positions: number[] = [];
  private readonly ids: Array<bigint | StagedMetricRow> = [];

  add(position: number, id: bigint | StagedMetricRow): void {
    this.positions.push(position);
    this.ids.push(id);
  }

  get size(): number {
    return this.positions.length;
  }

  /** [position, id] pairs; null when a staged row never got an id. */
  resolved(): Array<[number, bigint]> | null {
    const out: Array<[number, bigint]> = [];
    for (let i = 0; i < this.positions.length; i++) {
      const v = this.ids[i] as bigint | StagedMetricRow;
      const id = typeof v === 'bigint' ? v : v.metricId;
      if (id === null) return null;
      out.push([this.positions[i] as number, id]);
    }
    return out;
  }
}

/** The metrics a birth declared beyond the kept entries: the i-th is at `position(i)` with id `id(i)`. */
export interface DeclaredPairs {
  count: number;
  position(i: number): number;
  id(i: number): bigint;
}

export function pairsOf(resolved: Array<[number, bigint]>): DeclaredPairs {
  return {
    count: resolved.length,
    position: (i) => (resolved[i] as [number, bigint])[0],
    id: (i) => (resolved[i] as [number, bigint])[1],
  };
}

/** The stored form: the stored entries `kept.used` marks, then one entry per pair, its hash from `hashes`. */
export function encodeDeclarations(
  salt: Buffer,
  hashes: Buffer,
  pairs: DeclaredPairs,
  kept?: { entries: Buffer; used: Uint8Array },
): Buffer {
  let keptCount = 0;
  if (kept) for (const u of kept.used) keptCount += u;
  const out = Buffer.allocUnsafe(SALT_BYTES + (keptCount + pairs.count) * ENTRY_BYTES);
  salt.copy(out, 0);
  let at = SALT_BYTES;
  if (kept) {
    // Run by run: a delta keeps nearly every entry, and one copy per entry cost 30 ms for 98k of them.
    const { used, entries } = kept;
    for (let i = 0; i < used.length;) {
      if (used[i] !== 1) {
        i += 1;
        continue;
      }
      let end = i + 1;
      while (end < used.length && used[end] === 1) end += 1;
      at += entries.copy(out, at, i * ENTRY_BYTES, end * ENTRY_BYTES);
      i = end;
    }
  }
  for (let i = 0; i < pairs.count; i++) {
    const position = pairs.position(i);
    out.writeBigInt64BE(pairs.id(i), at);
    hashes.copy(out, at + 8, position * DECLARATION_BYTES, (position + 1) * DECLARATION_BYTES);
    at += ENTRY_BYTES;
  }
  return out;
}
