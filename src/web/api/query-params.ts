// Query-string validation for the API (zod → a 400 naming the bad parameter) and opaque keyset cursors:
// base64url of a JSON key, so clients cannot depend on what is inside.

import { z } from 'zod';
import { AppError } from '../../errors.js';

export function parseQuery<T extends z.ZodTypeAny>(schema: T, query: unknown, route: string): z.infer<T> {
  const r = schema.safeParse(query ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue?.path.join('.') || 'query';
  throw new AppError('bad_request', `${route}: invalid ${where}: ${issue?.message ?? 'bad value'}`);
}

export const limitParam = (dflt: number, max: number) => z.coerce.number().int().min(1).max(max).default(dflt);

export const pageQuery = (dflt = 50, max = 500) =>
  z.object({ limit: limitParam(dflt, max), cursor: z.string().max(2000).optional() }).strict();

export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor<T extends z.ZodTypeAny>(cursor: string | undefined, shape: T): z.infer<T> | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    const r = shape.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (r.success) return r.data;
  } catch {
    // falls through to the 400 below
  }
  throw new AppError('bad_request', 'invalid cursor: pass back the nextCursor of a previous page unchanged');
}

/** Rows fetched with limit + 1: the extra row only says there is a next page. */
export function page<R, I>(
  rows: R[],
  limit: number,
  map: (r: R) => I,
  key: (r: R) => unknown,
): { items: I[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return { items: kept.map(map), nextCursor: more && last !== undefined ? encodeCursor(key(last)) : null };
}

export const idParam = (name: string) =>
  z.object({ id: z.string().regex(/^[1-9]\d{0,17}$/, `${name} must be a positive integer`) });

export function parseId(params: unknown, name: string, route: string): string {
  return parseQuery(idParam(name), params, route).id;
}

export function iso(d: Date | null | undefined): string | null {
  return d ? d.toISOString() : null;
}
