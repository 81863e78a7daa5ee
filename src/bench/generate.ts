// Seeded generator of real-shaped DBIRTHs: names, datatypes and property keys modelled on the plant's
// Portugal/Cement captures (≈ 8.45 properties per metric, the same key names and type mix).

import type { MetricInput, PropertiesInput } from '../sparkplug/encoder.js';
import type { PropertyValue } from '../sparkplug/birth.js';
import { decodePayload } from '../sparkplug/payload.js';
import { AppError } from '../errors.js';
import { seededRandom } from '../seeded-random.js';

const AREAS = ['400 - Clinker Production', '500 - Cement Milling', '300 - Raw Milling', '600 - Dispatch'];
const UNITS = ['451 - Bypass', '432 - Kiln', '431 - Cooler', '531 - Cement Mill 7', '321 - Raw Mill 2'];
const CATEGORIES = ['Indications', 'Machines', 'Analog', 'Alarms', 'KPI'];
const LEAVES = ['Active', 'Closed', 'PV', 'SP', 'Running', 'Fault', 'Open', 'Speed'];
const UNITS_OF_MEASURE = ['°C', 'bar', 't/h', '%', 'kW', 'rpm', 'mbar', ''];
const DATATYPES: Array<[string, number]> = [
  ['Boolean', 0.4],
  ['Float', 0.2],
  ['Double', 0.15],
  ['Int32', 0.15],
  ['String', 0.05],
  ['Int64', 0.03],
  ['DateTime', 0.02],
];

export interface GeneratedMetric extends MetricInput {
  name: string;
  alias: bigint;
  properties: PropertiesInput;
}

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)] as T;
}

function datatype(rnd: () => number): string {
  let x = rnd();
  for (const [name, share] of DATATYPES) {
    if ((x -= share) < 0) return name;
  }
  return 'Boolean';
}

/** 70 % of metrics carry the full Ignition set of 10 keys, 15 % six, 15 % four: 8.5 on average. */
function properties(rnd: () => number, i: number): PropertiesInput {
  const p: PropertiesInput = {
    Quality: { type: 'Int32', value: rnd() < 0.9 ? 192 : 2147484164 },
    documentation: { type: 'String', value: `Tag ${i} - ${pick(rnd, LEAVES)} of ${pick(rnd, UNITS)}` },
    engUnit: { type: 'String', value: pick(rnd, UNITS_OF_MEASURE) },
    engHigh: { type: 'Double', value: Math.round(rnd() * 2000) },
  };
  const r = rnd();
  if (r < 0.15) return p;
  p.engLow = { type: 'Double', value: 0 };
  p.DataPermission = { type: 'String', value: 'user_domainSecil(R);G_UNS_Admin(RW)' };
  if (r < 0.3) return p;
  p.retained = { type: 'Boolean', value: true };
  p.retain = { type: 'Boolean', value: true };
  p.executionMode = { type: 'Int32', value: 1 };
  p.delete = { type: 'Boolean', value: false };
  return p;
}

function value(dt: string, rnd: () => number): MetricInput['value'] {
  switch (dt) {
    case 'Boolean':
      return rnd() < 0.5;
    case 'String':
      return `state ${Math.floor(rnd() * 100)}`;
    case 'Int64':
    case 'DateTime':
      return 1756392554609n + BigInt(Math.floor(rnd() * 1e6));
    case 'Int32':
      return Math.floor(rnd() * 10000);
    default:
      return rnd() * 1000;
  }
}

/** `count` unique metrics for one device; the same seed gives the same birth. */
export function generateMetrics(count: number, seed = 42): GeneratedMetric[] {
  return Array.from(iterateMetrics(count, seed));
}

/**
 * The same metrics one at a time: `encodePayload` takes an iterable, so a birth of 800,000 metrics is
 * encoded without all of them existing as objects at once.
 */
export function* iterateMetrics(count: number, seed = 42): Generator<GeneratedMetric> {
  const rnd = seededRandom(seed).next;
  for (let i = 0; i < count; i++) {
    const dt = datatype(rnd);
    const name = `Maceira/${pick(rnd, AREAS)}/${pick(rnd, UNITS)}/Normalised/${pick(rnd, CATEGORIES)}/BYPVT${String(i).padStart(6, '0')}/${pick(rnd, LEAVES)}`;
    yield {
      name,
      alias: BigInt(i + 1),
      datatype: dt,
      timestamp: 1756392554609n,
      value: value(dt, rnd),
      properties: properties(rnd, i),
    };
  }
}

/**
 * B2: the same metrics as a real rebirth sends them: every metric with a new timestamp and a new value
 * (metadata unchanged), so nothing in the payload's bytes is left as it was but the metadata.
 */
export function rebirthValues(base: GeneratedMetric[], seed = 5): GeneratedMetric[] {
  const rnd = seededRandom(seed).next;
  return base.map((m) => ({
    ...m,
    timestamp: (m.timestamp ?? 0n) + 100_000n,
    value: value(m.datatype as string, rnd),
  }));
}

export interface DeltaPlan {
  metrics: GeneratedMetric[];
  changedProperties: number;
  changedMetrics: number;
  added: number;
  addedProperties: number;
  retired: number;
}

/** B3: 1 % of properties changed, 0.1 % metrics added, 0.1 % retired (seeded). */
export function applyDelta(base: GeneratedMetric[], seed = 7): DeltaPlan {
  const rnd = seededRandom(seed).next;
  const retireEvery = 1000;
  const metrics: GeneratedMetric[] = [];
  let changedProperties = 0;
  let changedMetrics = 0;
  let retired = 0;
  base.forEach((m, i) => {
    if (i % retireEvery === 500) {
      retired += 1;
      return;
    }
    const props: PropertiesInput = { ...m.properties };
    let changed = false;
    for (const key of Object.keys(props)) {
      if (rnd() < 0.01) {
        props[key] =
          key === 'Quality' || key === 'executionMode'
            ? { type: 'Int32', value: 500 }
            : ({ ...props[key], value: mutate(props[key]?.value) } as PropertiesInput[string]);
        changedProperties += 1;
        changed = true;
      }
    }
    if (changed) changedMetrics += 1;
    metrics.push({ ...m, properties: props });
  });
  const added = Math.round(base.length / 1000);
  const extra = generateMetrics(added, seed + 1).map((m, i) => ({
    ...m,
    name: `${m.name}/added${i}`,
    alias: BigInt(base.length + 1 + i),
  }));
  const addedProperties = extra.reduce((n, m) => n + Object.keys(m.properties).length, 0);
  return { metrics: [...metrics, ...extra], changedProperties, changedMetrics, added, addedProperties, retired };
}

function mutate(v: unknown): unknown {
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'number') return v + 1;
  return `${String(v)} (rev 2)`;
}

const STORED_AS: Record<PropertyValue['type'], string> = {
  int: 'Int32',
  long: 'Int64',
  float: 'Float',
  double: 'Double',
  string: 'String',
  boolean: 'Boolean',
};

/**
 * The metrics of a real protobuf DBIRTH capture, in the generator's shape, so the same B1–B3 runs can
 * use plant data. Properties keep their stored typing (the Sparkplug type that gives the same row).
 */
export function metricsFromCapture(payload: Buffer): GeneratedMetric[] {
  const decoded = decodePayload(payload);
  if (!decoded.ok) throw new AppError('bench_failed', `capture cannot be decoded: ${decoded.reason}`);
  const out: GeneratedMetric[] = [];
  let alias = 0n;
  for (const r of decoded.metrics()) {
    if (!r.ok || !r.metric.name) continue;
    const properties: PropertiesInput = {};
    for (const [key, v] of r.metric.properties) properties[key] = { type: STORED_AS[v.type], value: v.value };
    out.push({
      name: r.metric.name,
      alias: r.metric.alias ?? ++alias + 1_000_000_000n,
      datatype: r.metric.datatype,
      properties,
    });
  }
  return out;
}
