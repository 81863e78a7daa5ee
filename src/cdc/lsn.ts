// WAL positions (pg_lsn text such as '16/B374D848') as bigints, for ordering and the ±1 of the ack rule.
// Accepts the zero-padded form pg-logical-replication's parser writes; formats like PostgreSQL does.

import { AppError } from '../errors.js';

const LSN = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/;

export function parseLsn(text: string): bigint {
  const m = LSN.exec(text);
  if (!m) throw new AppError('decode_failed', `"${text}" is not a WAL position (expected hex/hex like 16/B374D848)`);
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

/** PostgreSQL's own text form: upper-case hex halves without padding ('0/1DE94D0'). */
export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

export function normalizeLsn(text: string): string {
  return formatLsn(parseLsn(text));
}
