// Reads one protobuf Metric's identity without decoding its properties: name, alias, datatype, what
// metrics.metadata keeps, and the md5 of the raw PropertySet bytes together with that metadata (the
// "raw fingerprint"). A rebirth whose metric has the stored raw fingerprint, name, alias and datatype is
// byte-for-byte what was stored and validated before: it needs no further decoding (B3). Pure.

import { hash } from 'node:crypto';
import protobuf from 'protobufjs/minimal.js';
import { dataTypeName } from './datatypes.js';
import { org } from './generated/sparkplug_b.js';
import { toBigInt } from './integers.js';
import { metricMetadata } from './metric-metadata.js';

const Payload = org.eclipse.tahu.protobuf.Payload;
const TEMPLATE = 19;
const EMPTY = Buffer.alloc(0);

/** A metric as the light read sees it; `template` metrics always take the full decode. */
export interface LightMetric {
  name: string | null;
  alias: bigint | null;
  datatype: string;
  metadata: string | null;
  rawFp: string;
  template: boolean;
}

/** The name of the Metric message in buf[start, end) (the last field 1, as a decoder keeps it), or null. */
export function metricNameAt(buf: Buffer, start: number, end: number): string | null {
  const r = protobuf.Reader.create(buf);
  r.pos = start;
  r.len = end;
  let name: string | null = null;
  try {
    while (r.pos < end) {
      const tag = r.uint32();
      if (tag >>> 3 === 1 && (tag & 7) === 2) name = r.string();
      else r.skipType(tag & 7);
    }
  } catch {
    return null;
  }
  return name;
}

/**
 * Scans the Metric message in buf[start, end). Null when it cannot be read this way (malformed, no
 * datatype, an unknown one, a non-string name): the full decoder then says what is wrong.
 */
export function scanMetric(buf: Buffer, start: number, end: number): LightMetric | null {
  const r = protobuf.Reader.create(buf);
  r.pos = start;
  r.len = end;
  let name: string | null = null;
  let alias: bigint | null = null;
  let datatype: number | null = null;
  let isHistorical: boolean | null = null;
  let isTransient: boolean | null = null;
  let metadata: Record<string, unknown> | null = null;
  let dataset: org.eclipse.tahu.protobuf.Payload.IDataSet | null = null;
  let props: Buffer | null = null;
  let template = false;
  try {
    while (r.pos < end) {
      const tag = r.uint32();
      const wire = tag & 7;
      switch (tag >>> 3) {
        case 1:
          if (wire !== 2) return null;
          name = r.string();
          break;
        case 2: {
          if (wire !== 0) return null;
          const a = toBigInt(r.uint64());
          if (a === undefined) return null;
          alias = BigInt.asUintN(64, a);
          break;
        }
        case 4:
          if (wire !== 0) return null;
          datatype = r.uint32();
          break;
        case 5:
          if (wire !== 0) return null;
          isHistorical = r.bool();
          break;
        case 6:
          if (wire !== 0) return null;
          isTransient = r.bool();
          break;
        case 8: {
          if (wire !== 2) return null;
          // Own fields only, as the full decoder keeps them (absent fields are not defaults).
          metadata = { ...Payload.MetaData.decode(r, r.uint32()) };
          break;
        }
        case 9: {
          if (wire !== 2) return null;
          const len = r.uint32();
          props = buf.subarray(r.pos, r.pos + len);
          r.skip(len);
          break;
        }
        case 17:
          if (wire !== 2) return null;
          dataset = Payload.DataSet.decode(r, r.uint32());
          break;
        case 18:
          template = true;
          r.skipType(wire);
          break;
        default:
          r.skipType(wire);
      }
    }
  } catch {
    return null;
  }
  const dt = datatype === null ? undefined : dataTypeName(datatype);
  if (dt === undefined) return null;
  const md = metricMetadata({ datatype: dt, isHistorical, isTransient, metadata, dataset });
  if (!md.ok) return null;
  // One-shot hashing: a Hash object per metric costs more than the md5 itself for 100k metrics.
  const bytes = props ?? EMPTY;
  const rawFp = hash('md5', md.json === null ? bytes : Buffer.concat([bytes, Buffer.from(`\u0000${md.json}`)]));
  return { name, alias, datatype: dt, metadata: md.json, rawFp, template: template || datatype === TEMPLATE };
}
