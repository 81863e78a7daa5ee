// Encodes Sparkplug B payloads with the generated code: the host's rebirth commands, the demo edge node,
// tests and benchmark input generators (the service itself never publishes births). Metrics are written one at a time into a single Writer, so a
// 100k-metric DBIRTH never exists as a second object graph. Values go into the field the spec assigns.
import protobuf from 'protobufjs/minimal.js';
import { AppError } from '../errors.js';
import { isArrayType, packArray, type ArrayElement } from './arrays.js';
import { dataTypeNumber } from './datatypes.js';
import { org } from './generated/sparkplug_b.js';

const pb = org.eclipse.tahu.protobuf;
type IMetric = org.eclipse.tahu.protobuf.Payload.IMetric;
type IPropertySet = org.eclipse.tahu.protobuf.Payload.IPropertySet;
type IPropertyValue = org.eclipse.tahu.protobuf.Payload.IPropertyValue;
type ScalarHolder = IMetric & IPropertyValue;
// long.js's Long as the generated types name it (no direct dependency on the `long` package).
type Long = Exclude<NonNullable<IMetric['alias']>, number>;
const CHUNK = 1024;

export type Scalar = number | bigint | boolean | string;
export interface DataSetInput {
  columns: string[];
  types: Array<number | string>;
  rows: Scalar[][];
}
export interface TemplateInput {
  templateRef?: string;
  isDefinition?: boolean;
  version?: string;
  metrics?: MetricInput[];
}
/** null writes is_null; undefined writes no value. */
export type MetricValueInput = Scalar | Uint8Array | readonly ArrayElement[] | DataSetInput | TemplateInput | null;
export type PropertyValueInput = Scalar | null | undefined | PropertiesInput | PropertiesInput[];
export type PropertiesInput = Record<string, { type: number | string; value: PropertyValueInput }>;

export interface MetricInput {
  name?: string;
  alias?: bigint;
  timestamp?: bigint;
  datatype: number | string;
  value?: MetricValueInput;
  properties?: PropertiesInput;
  isHistorical?: boolean;
  isTransient?: boolean;
  /** The MetaData message (uint64 fields as bigint). */
  metadata?: MetaDataInput;
}

export interface MetaDataInput {
  isMultiPart?: boolean;
  contentType?: string;
  size?: bigint;
  seq?: bigint;
  fileName?: string;
  fileType?: string;
  md5?: string;
  description?: string;
}

export interface PayloadInput {
  timestamp?: bigint;
  seq?: bigint;
  uuid?: string;
  body?: Uint8Array;
  metrics: Iterable<MetricInput>;
}

export function encodePayload(p: PayloadInput): Buffer {
  // A Writer keeps one op object per field until finish(); flushing every CHUNK metrics keeps that list
  // short-lived (a single Writer for a 100k-metric birth spent most of its time in GC).
  const parts: Uint8Array[] = [];
  let w = protobuf.Writer.create();
  let pending = 0;
  if (p.timestamp !== undefined) w.uint32(8).uint64(long(p.timestamp));
  for (const m of p.metrics) {
    pb.Payload.Metric.encode(toMetric(m), w.uint32(18).fork()).ldelim();
    if (++pending === CHUNK) {
      parts.push(w.finish());
      w = protobuf.Writer.create();
      pending = 0;
    }
  }
  if (p.seq !== undefined) w.uint32(24).uint64(long(p.seq));
  if (p.uuid !== undefined) w.uint32(34).string(p.uuid);
  if (p.body !== undefined) w.uint32(42).bytes(p.body);
  parts.push(w.finish());
  return parts.length === 1 && Buffer.isBuffer(parts[0]) ? parts[0] : Buffer.concat(parts);
}

function toMetric(m: MetricInput): IMetric {
  const datatype = typeNumber(m.datatype);
  const out: IMetric = { datatype };
  if (m.name !== undefined) out.name = m.name;
  if (m.alias !== undefined) out.alias = long(m.alias);
  if (m.timestamp !== undefined) out.timestamp = long(m.timestamp);
  if (m.properties !== undefined) out.properties = propertySet(m.properties);
  if (m.isHistorical !== undefined) out.isHistorical = m.isHistorical;
  if (m.isTransient !== undefined) out.isTransient = m.isTransient;
  if (m.metadata !== undefined) {
    const { size, seq, ...rest } = m.metadata;
    out.metadata = {
      ...rest,
      ...(size === undefined ? {} : { size: long(size) }),
      ...(seq === undefined ? {} : { seq: long(seq) }),
    };
  }
  if (m.value === null) out.isNull = true;
  else if (m.value !== undefined) setMetricValue(out, datatype, m.value);
  return out;
}

function setMetricValue(out: IMetric, datatype: number, v: Exclude<MetricValueInput, null>): void {
  if (isArrayType(datatype)) out.bytesValue = packArray(datatype, v as ArrayElement[]);
  else if (datatype === 17 || datatype === 18) out.bytesValue = v as Uint8Array;
  else if (datatype === 16) out.datasetValue = dataSet(v as DataSetInput);
  else if (datatype === 19) out.templateValue = template(v as TemplateInput);
  else setScalar(out, datatype, v as Scalar);
}

/** Sets the oneof field for a basic type (1–15); shared by metrics, properties and DataSet cells. */
function setScalar(out: ScalarHolder, datatype: number, v: Scalar): void {
  switch (datatype) {
    case 1:
    case 2:
    case 3:
    case 5:
    case 6:
    case 7:
      out.intValue = Number(v) >>> 0;
      return;
    case 4:
    case 8:
    case 13:
      out.longValue = long(BigInt(v));
      return;
    case 9:
      out.floatValue = Number(v);
      return;
    case 10:
      out.doubleValue = Number(v);
      return;
    case 11:
      out.booleanValue = Boolean(v);
      return;
    case 12:
    case 14:
    case 15:
      out.stringValue = String(v);
      return;
    default:
      throw new AppError('usage', `encodePayload: datatype ${datatype} cannot carry the value ${String(v)}`);
  }
}

function propertySet(props: PropertiesInput): IPropertySet {
  const keys: string[] = [];
  const values: IPropertyValue[] = [];
  for (const [key, p] of Object.entries(props)) {
    const type = typeNumber(p.type);
    const pv: IPropertyValue = { type };
    if (p.value === null) pv.isNull = true;
    else if (type === 20) pv.propertysetValue = propertySet(p.value as PropertiesInput);
    else if (type === 21) pv.propertysetsValue = { propertyset: (p.value as PropertiesInput[]).map(propertySet) };
    else if (p.value !== undefined) setScalar(pv, type, p.value as Scalar);
    keys.push(key);
    values.push(pv);
  }
  return { keys, values };
}

function dataSet(d: DataSetInput): org.eclipse.tahu.protobuf.Payload.IDataSet {
  const types = d.types.map(typeNumber);
  const rows = d.rows.map((row) => ({
    elements: row.map((cell, i) => {
      const el: ScalarHolder = {};
      setScalar(el, types[i] ?? 0, cell);
      return el;
    }),
  }));
  return { numOfColumns: long(BigInt(d.columns.length)), columns: d.columns, types, rows };
}

function template(t: TemplateInput): org.eclipse.tahu.protobuf.Payload.ITemplate {
  const out: org.eclipse.tahu.protobuf.Payload.ITemplate = { metrics: (t.metrics ?? []).map(toMetric) };
  if (t.version !== undefined) out.version = t.version;
  if (t.templateRef !== undefined) out.templateRef = t.templateRef;
  if (t.isDefinition !== undefined) out.isDefinition = t.isDefinition;
  return out;
}

function typeNumber(t: number | string): number {
  const n = typeof t === 'number' ? t : dataTypeNumber(t);
  if (n === undefined) throw new AppError('usage', `encodePayload: unknown datatype name '${t}'`);
  return n;
}

/** uint64 wire value of a bigint (negative = two's complement), as the Long protobufjs writes. */
function long(v: bigint): Long {
  const u = BigInt.asUintN(64, v);
  return new protobuf.util.Long(Number(u & 0xffffffffn) | 0, Number(u >> 32n) | 0, true) as unknown as Long;
}
