// Option parsers shared by the `canary` command files (commander calls them; a bad value is a usage error).

import { AppError } from '../errors.js';

export function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new AppError('usage', `not a positive whole number: "${v}"`);
  return n;
}
