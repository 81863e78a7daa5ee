// Reads a decoded metric's value by its declared datatype (signed ints sign-extended, 64-bit as BigInt,
// arrays unpacked, DataSet and Template summarized). The product stores no values, so this is kept out
// of the birth hot path; it serves tests, diagnostics and later DATA handling.
import { isArrayType, unpackArray, type ArrayElement } from './arrays.js';
import { dataTypeName } from './datatypes.js';
import type { org } from './generated/sparkplug_b.js';
import { narrowInt, toBigInt, toInt32 } from './integers.js';

type IMetric = org.eclipse.tahu.protobuf.Payload.IMetric;
type IDataSet = org.eclipse.tahu.protobuf.Payload.IDataSet;
type Scalar = number | bigint | boolean | string;
/** The oneof fields shared by Metric, DataSetValue and Template.Parameter. */
type Holder = Pick<IMetric, 'intValue' | 'longValue' | 'floatValue' | 'doubleValue' | 'booleanValue' | 'stringValue'>;

export interface DataSetValue {
  columns: string[];
  types: string[];
  rows: Array<Array<Scalar | null>>;
}
export interface TemplateValue {
  templateRef: string | null;
  isDefinition: boolean;
  metrics: Array<string | null>;
}
export type MetricValue = null | Scalar | Buffer | ArrayElement[] | DataSetValue | TemplateValue;
export type ValueResult = { ok: true; value: MetricValue } | { ok: false; reason: string };

export function metricValue(m: IMetric): ValueResult {
  const t = m.datatype ?? 0;
  if (m.isNull === true) return { ok: true, value: null };
  if (isArrayType(t) || t === 17 || t === 18) {
    if (m.bytesValue == null) return absentOr(m, t);
    const bytes = m.bytesValue;
    if (!isArrayType(t)) return { ok: true, value: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
    return unpackArray(t, bytes);
  }
  if (t === 16) return m.datasetValue == null ? absentOr(m, t) : dataSet(m.datasetValue);
  if (t === 19) {
    const tpl = m.templateValue;
    if (tpl == null) return absentOr(m, t);
    const metrics = (tpl.metrics ?? []).map((x) => x.name ?? null);
    return {
      ok: true,
      value: { templateRef: tpl.templateRef ?? null, isDefinition: tpl.isDefinition === true, metrics },
    };
  }
  const v = scalar(t, m);
  return v == null ? absentOr(m, t) : { ok: true, value: v };
}

/** A basic-type value from its oneof field; null when absent, undefined when the field does not fit. */
function scalar(t: number, h: Holder): Scalar | null | undefined {
  switch (t) {
    case 1:
    case 2:
    case 3:
    case 5:
    case 6:
    case 7: {
      // UInt32 also arrives in long_value (Tahu's JS library).
      if (t === 7 && h.intValue == null && h.longValue != null) {
        const b = toBigInt(h.longValue);
        return b === undefined ? undefined : Number(BigInt.asUintN(32, b));
      }
      if (h.intValue == null) return null;
      const n = toInt32(h.intValue);
      return n === undefined ? undefined : narrowInt(t, n);
    }
    case 4:
    case 8:
    case 13: {
      if (h.longValue == null) return null;
      const b = toBigInt(h.longValue);
      if (b === undefined) return undefined;
      return t === 8 ? BigInt.asUintN(64, b) : BigInt.asIntN(64, b);
    }
    case 9:
      return h.floatValue == null ? null : Math.fround(h.floatValue);
    case 10:
      return h.doubleValue ?? null;
    case 11:
      return h.booleanValue ?? null;
    case 12:
    case 14:
    case 15:
      return h.stringValue ?? null;
    default:
      return undefined;
  }
}

function dataSet(d: IDataSet): ValueResult {
  const columns = d.columns ?? [];
  const codes = d.types ?? [];
  const types: string[] = [];
  for (const code of codes) {
    const name = dataTypeName(code);
    if (name === undefined) return { ok: false, reason: `DataSet column type ${code} is unknown` };
    types.push(name);
  }
  if (types.length !== columns.length) {
    return { ok: false, reason: `DataSet has ${columns.length} columns but ${types.length} types` };
  }
  const rows: Array<Array<Scalar | null>> = [];
  for (const [r, row] of (d.rows ?? []).entries()) {
    const elements = row.elements ?? [];
    if (elements.length !== columns.length) {
      return { ok: false, reason: `DataSet row ${r} has ${elements.length} cells for ${columns.length} columns` };
    }
    const cells: Array<Scalar | null> = [];
    for (const [c, el] of elements.entries()) {
      const v = scalar(codes[c] ?? 0, el);
      if (v === undefined)
        return { ok: false, reason: `DataSet row ${r} column '${columns[c]}' does not fit ${types[c]}` };
      cells.push(v);
    }
    rows.push(cells);
  }
  return { ok: true, value: { columns, types, rows } };
}

/** No value in the field the datatype uses: null if the metric carries none, a reason if it is elsewhere. */
function absentOr(m: IMetric, t: number): ValueResult {
  const fields = [
    'intValue',
    'longValue',
    'floatValue',
    'doubleValue',
    'booleanValue',
    'stringValue',
    'bytesValue',
    'datasetValue',
    'templateValue',
  ] as const;
  const other = fields.find((f) => m[f] != null);
  if (other === undefined) return { ok: true, value: null };
  return { ok: false, reason: `datatype ${dataTypeName(t) ?? t} does not fit its value (${other})` };
}
