// The write API's request validation as the simulator applies it (canary.md): tag ids, DataSet names,
// property entries [name, timestamp, value, quality?] and getSessionToken bodies. Pure: it does not know
// which DataSets, sessions or fault switches exist; messages name the tag so a writer can bisect.

export type Scalar = string | number | boolean;
export type Quality = number | 'Good' | 'Bad' | 'No Data';

export interface ParsedEntry {
  name: string;
  /** As sent. */
  timestamp: string;
  /** The same instant as a sortable `YYYY-MM-DDTHH:MM:SS.fffffffZ` string (the storage key). */
  key: string;
  value: Scalar;
  quality: Quality;
}

export interface SessionRequest {
  apiToken?: string;
  clientId: string;
  historians: string[];
  settings: { clientTimeout?: number; autoCreateDatasets?: boolean };
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: string[] };

export const DEFAULT_QUALITY = 192;
const FORBIDDEN_IN_DATASET = /[:=/*\\%?<>]/;
const UTC_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?Z$/;
const QUALITY_NAMES: readonly string[] = ['Good', 'Bad', 'No Data'];

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Why a DataSet name is not allowed, or undefined when it is. */
export function datasetNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'DataSet name is empty';
  if (name.trim() !== name) return `DataSet name '${name}' has a leading or trailing space`;
  const bad = FORBIDDEN_IN_DATASET.exec(name);
  if (bad) return `DataSet name '${name}' contains '${bad[0]}' (not allowed: : = / * \\ % ? < >)`;
  return undefined;
}

/** `<dataset>.<segment>…`: at least two non-empty dot segments, the first a valid DataSet name. */
export function parseTagId(tag: string): Parsed<{ dataset: string }> {
  const segments = tag.split('.');
  if (tag.length === 0) return { ok: false, errors: ['tag id is empty'] };
  if (segments.length < 2) return { ok: false, errors: [`${tag}: invalid tag id (expected <dataset>.<segment>…)`] };
  if (segments.some((s) => s.length === 0)) return { ok: false, errors: [`${tag}: invalid tag id (empty segment)`] };
  const dataset = segments[0] as string;
  const problem = datasetNameProblem(dataset);
  return problem ? { ok: false, errors: [`${tag}: ${problem}`] } : { ok: true, value: { dataset } };
}

/** ISO-8601 UTC with `Z` and 0–7 fractional digits → sortable 7-digit form; undefined when not one. */
export function canonicalTimestamp(ts: string): string | undefined {
  const m = UTC_TIMESTAMP.exec(ts);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  const real =
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    h < 24 &&
    mi < 60 &&
    s < 60;
  if (!real) return undefined;
  return `${ts.slice(0, 19)}.${(m[7] ?? '').padEnd(7, '0')}Z`;
}

function parseEntry(tag: string, raw: unknown, i: number): Parsed<ParsedEntry> {
  const at = `${tag}: entry ${i}`;
  if (!Array.isArray(raw) || raw.length < 3 || raw.length > 4) {
    return {
      ok: false,
      errors: [`${at}: expected [name, timestamp, value, quality?], got ${JSON.stringify(raw)?.slice(0, 80)}`],
    };
  }
  const [name, timestamp, value, quality] = raw as unknown[];
  const errors: string[] = [];
  if (typeof name !== 'string' || name.trim().length === 0)
    errors.push(`${at}: property name must be a non-empty string`);
  const key = typeof timestamp === 'string' ? canonicalTimestamp(timestamp) : undefined;
  if (key === undefined)
    errors.push(
      `${at}: invalid timestamp ${JSON.stringify(timestamp)} (expected ISO-8601 UTC with Z, e.g. 2026-11-24T12:00:00.0000000Z)`,
    );
  // Stricter than "any JSON scalar": null is refused, since the contract writes a removed property as "".
  if (!(
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  )) {
    errors.push(
      `${at}: value must be a JSON scalar (number, string or boolean), got ${JSON.stringify(value)?.slice(0, 80)}`,
    );
  }
  const q = quality === undefined ? DEFAULT_QUALITY : quality;
  if (!(
    (typeof q === 'number' && Number.isInteger(q) && q >= 0 && q <= 65535) ||
    (typeof q === 'string' && QUALITY_NAMES.includes(q))
  )) {
    errors.push(
      `${at}: quality must be an integer 0–65535 or "Good", "Bad", "No Data", got ${JSON.stringify(quality)}`,
    );
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name: name as string,
      timestamp: timestamp as string,
      key: key as string,
      value: value as Scalar,
      quality: q as Quality,
    },
  };
}

export interface PropertiesCheck {
  /** Tags whose id and every entry are well formed, with their entries. */
  valid: Map<string, { dataset: string; entries: ParsedEntry[] }>;
  errors: string[];
}

/** Checks the `properties` block of storeData: an object of tag id → array of property entries. */
export function checkProperties(properties: unknown): PropertiesCheck {
  const valid: PropertiesCheck['valid'] = new Map();
  if (properties === undefined) return { valid, errors: [] };
  if (!isRecord(properties))
    return { valid, errors: ['properties must be an object of tag id → [[name, timestamp, value, quality?], …]'] };
  const errors: string[] = [];
  for (const [tag, list] of Object.entries(properties)) {
    const id = parseTagId(tag);
    if (!id.ok) {
      errors.push(...id.errors);
      continue;
    }
    if (!Array.isArray(list)) {
      errors.push(`${tag}: entries must be an array of [name, timestamp, value, quality?]`);
      continue;
    }
    const parsed = list.map((raw, i) => parseEntry(tag, raw, i));
    const bad = parsed.flatMap((p) => (p.ok ? [] : p.errors));
    if (bad.length > 0) errors.push(...bad);
    else valid.set(tag, { dataset: id.value.dataset, entries: parsed.map((p) => (p as { value: ParsedEntry }).value) });
  }
  return { valid, errors };
}

/** getSessionToken: historians (non-empty string[]) and clientId required; settings an object with typed known keys. */
export function parseSessionRequest(body: Record<string, unknown>): Parsed<SessionRequest> {
  const errors: string[] = [];
  const { apiToken, clientId, historians, settings = {} } = body;
  if (apiToken !== undefined && typeof apiToken !== 'string') errors.push('apiToken must be a string');
  if (typeof clientId !== 'string' || clientId.trim().length === 0)
    errors.push('clientId is required (a non-empty string)');
  if (
    !Array.isArray(historians) ||
    historians.length === 0 ||
    !historians.every((h) => typeof h === 'string' && h.length > 0)
  ) {
    errors.push('historians is required (a non-empty array of historian names)');
  }
  if (!isRecord(settings)) errors.push('settings must be an object of setting → value');
  const s = isRecord(settings) ? settings : {};
  const { clientTimeout, autoCreateDatasets } = s;
  if (
    clientTimeout !== undefined &&
    !(typeof clientTimeout === 'number' && Number.isInteger(clientTimeout) && clientTimeout > 0)
  ) {
    errors.push('settings.clientTimeout must be a positive integer (milliseconds)');
  }
  if (autoCreateDatasets !== undefined && typeof autoCreateDatasets !== 'boolean')
    errors.push('settings.autoCreateDatasets must be a boolean');
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      ...(typeof apiToken === 'string' ? { apiToken } : {}),
      clientId: clientId as string,
      historians: historians as string[],
      settings: {
        clientTimeout: clientTimeout as number | undefined,
        autoCreateDatasets: autoCreateDatasets as boolean | undefined,
      },
    },
  };
}
