// What a birth says about a metric beyond its name, alias, datatype and properties, kept in
// `metrics.metadata` (spec/sparkplug.md, "Birth content kept"): the is_historical / is_transient
// flags, the MetaData message, a DataSet's column names and types, an array's element type and a
// Template instance's reference. One JSON text with a fixed key order (it feeds the metric's
// fingerprint), or null when the birth says none of it. Pure.

import { dataTypeName } from './datatypes.js';
import { toBigInt } from './integers.js';

/** The decoded fields, as protobufjs or the Sparkplug-JSON mapping give them; null/undefined = absent. */
export interface MetadataFields {
  datatype: string;
  isHistorical?: unknown;
  isTransient?: unknown;
  metadata?: {
    isMultiPart?: unknown;
    contentType?: unknown;
    size?: unknown;
    seq?: unknown;
    fileName?: unknown;
    fileType?: unknown;
    md5?: unknown;
    description?: unknown;
  } | null;
  dataset?: { columns?: unknown; types?: unknown } | null;
  template?: { templateRef?: unknown; version?: unknown } | null;
}

export type MetadataResult = { ok: true; json: string | null } | { ok: false; reason: string };

export function metricMetadata(f: MetadataFields): MetadataResult {
  const out: Record<string, unknown> = {};
  try {
    flag(out, 'is_historical', f.isHistorical);
    flag(out, 'is_transient', f.isTransient);
    const md = f.metadata;
    if (md) {
      // Exports in the protobuf JSON mapping spell out every MetaData field with its default value:
      // a default says nothing, so only values that differ from it are kept.
      flag(out, 'is_multi_part', md.isMultiPart, false);
      text(out, 'content_type', md.contentType, '');
      uint(out, 'size', md.size, true);
      uint(out, 'seq', md.seq, true);
      text(out, 'file_name', md.fileName, '');
      text(out, 'file_type', md.fileType, '');
      text(out, 'md5', md.md5, '');
      text(out, 'description', md.description, '');
    }
    if (f.dataset) out.dataset_columns = datasetColumns(f.dataset);
    if (f.datatype.endsWith('Array')) out.element_type = f.datatype.slice(0, -'Array'.length);
    if (f.template) {
      text(out, 'template_ref', f.template.templateRef);
      text(out, 'template_version', f.template.version);
    }
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  return { ok: true, json: Object.keys(out).length ? JSON.stringify(out) : null };
}

function flag(out: Record<string, unknown>, key: string, v: unknown, skip?: boolean): void {
  if (v == null) return;
  if (typeof v !== 'boolean') throw new Error(`${key} is not a boolean`);
  if (v !== skip) out[key] = v;
}

function text(out: Record<string, unknown>, key: string, v: unknown, skip?: string): void {
  if (v == null) return;
  if (typeof v !== 'string') throw new Error(`${key} is not a string`);
  if (v !== skip) out[key] = v;
}

/** uint64: a JSON number while exact, else its decimal string (never through a lossy double). */
function uint(out: Record<string, unknown>, key: string, v: unknown, skipZero = false): void {
  if (v == null) return;
  const b = toBigInt(v);
  if (b === undefined) throw new Error(`${key} ${String(v)} is not a 64-bit integer`);
  const u = BigInt.asUintN(64, b);
  if (skipZero && u === 0n) return;
  out[key] = u <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(u) : u.toString();
}

function datasetColumns(ds: { columns?: unknown; types?: unknown }): Array<{ name: string; type: string | null }> {
  const columns = ds.columns ?? [];
  const types = ds.types ?? [];
  if (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string'))
    throw new Error('DataSet columns are not a list of strings');
  if (!Array.isArray(types)) throw new Error('DataSet types are not a list');
  if (types.length !== 0 && types.length !== columns.length)
    throw new Error(`DataSet has ${columns.length} columns but ${types.length} types`);
  return columns.map((name: string, i) => {
    const t = types[i];
    if (t == null) return { name, type: null };
    const type = typeof t === 'number' ? dataTypeName(t) : undefined;
    if (type === undefined) throw new Error(`DataSet column "${name}" has unknown type ${String(t)}`);
    return { name, type };
  });
}
