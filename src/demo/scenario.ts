// The simulated edge node's namespace and what changes next: property edits every cycle, a rename
// (same alias, datatype and property keys) every third cycle, a retired + added tag every fourth, and
// DDATA value changes every other cycle. Pure and seeded; it publishes nothing (see edge-node.ts).
import type { PropertyValueInput, Scalar } from '../sparkplug/encoder.js';
import {
  BAD_STALE,
  DEVICE_REBIRTH,
  FIRST_DEVICE_ALIAS,
  GOOD,
  deviceId,
  deviceRebirthMetric,
  nextValue,
  plantMetric,
  type DemoMetric,
} from './catalog.js';
import { seededRandom, type Random } from '../seeded-random.js';

export interface DemoDevice {
  id: string;
  metrics: DemoMetric[];
}

export type Change =
  | { kind: 'property'; metric: string; key: string; from: PropertyValueInput; to: PropertyValueInput }
  | { kind: 'renamed'; alias: bigint; from: string; to: string }
  | { kind: 'retired'; alias: bigint; metric: string }
  | { kind: 'added'; alias: bigint; metric: string; datatype: string };

export interface DeviceChanges {
  device: DemoDevice;
  changes: Change[];
}
export interface DataChange {
  device: DemoDevice;
  metrics: DemoMetric[];
}
export interface Cycle {
  number: number;
  births: DeviceChanges[];
  data: DataChange | null;
}

export interface ScenarioOptions {
  devices: number;
  metricsPerDevice: number;
  seed: number;
}

const EDITABLE = ['engHigh', 'engLow', 'documentation', 'tooltip', 'Quality'];
const REVISED = ' (revisto)';

export class Scenario {
  readonly devices: DemoDevice[] = [];
  private readonly rnd: Random;
  private nextAlias = FIRST_DEVICE_ALIAS;
  private count = 0;

  constructor(opts: ScenarioOptions) {
    this.rnd = seededRandom(opts.seed);
    for (let d = 0; d < opts.devices; d++) {
      const metrics: DemoMetric[] = [];
      for (let i = 0; i < Math.max(1, opts.metricsPerDevice - 1); i++)
        metrics.push(plantMetric(d, this.nextAlias++, this.rnd));
      metrics.push(deviceRebirthMetric(this.nextAlias++));
      this.devices.push({ id: deviceId(d), metrics });
    }
  }

  /** Applies the next cycle's changes to the namespace and says which devices need a new DBIRTH. */
  cycle(): Cycle {
    const n = ++this.count;
    const touched = new Map<DemoDevice, Change[]>();
    const note = (device: DemoDevice, change: Change): void => {
      touched.set(device, [...(touched.get(device) ?? []), change]);
    };
    // A metric renamed or retired in this cycle gets no other change, so each birth diff reads clearly.
    const busy = new Set<DemoMetric>();
    const target = (): [DemoDevice, DemoMetric] | null => {
      const device = this.rnd.pick(this.devices);
      const candidates = device.metrics.filter((m) => m.name !== DEVICE_REBIRTH && !busy.has(m));
      if (candidates.length === 0) return null;
      const metric = this.rnd.pick(candidates);
      busy.add(metric);
      return [device, metric];
    };
    if (n % 3 === 2) {
      const t = target();
      if (t) note(t[0], rename(t[1]));
    }
    if (n % 4 === 3) {
      const t = target();
      if (t) {
        const [device, gone] = t;
        device.metrics = device.metrics.filter((m) => m !== gone);
        note(device, { kind: 'retired', alias: gone.alias, metric: gone.name });
        const added = plantMetric(this.devices.indexOf(device), this.nextAlias++, this.rnd);
        device.metrics.splice(device.metrics.length - 1, 0, added);
        busy.add(added);
        note(device, { kind: 'added', alias: added.alias, metric: added.name, datatype: added.datatype });
      }
    }
    for (let edits = 1 + this.rnd.int(2); edits > 0; edits--) {
      const t = target();
      if (t) note(t[0], this.edit(t[1]));
    }
    const births = this.devices
      .filter((d) => touched.has(d))
      .map((device) => ({ device, changes: touched.get(device) ?? [] }));
    return { number: n, births, data: n % 2 === 1 ? this.data() : null };
  }

  cycles(): number {
    return this.count;
  }

  private edit(m: DemoMetric): Change {
    const engHigh = Number(m.properties.engHigh?.value ?? 0);
    // engLow only moves on a tag with a range (a Boolean's engLow/engHigh of 0/0 would not change).
    const key = this.rnd.pick(EDITABLE.filter((k) => k in m.properties && (k !== 'engLow' || engHigh > 0)));
    const prop = m.properties[key];
    const from = prop?.value;
    const to = editedValue(key, from, engHigh, this.rnd);
    m.properties = { ...m.properties, [key]: { type: prop?.type ?? 'String', value: to } };
    return { kind: 'property', metric: m.name, key, from, to };
  }

  /** Two or three value changes of one device, sent by alias only. */
  private data(): DataChange {
    const device = this.rnd.pick(this.devices);
    const plant = device.metrics.filter((m) => m.name !== DEVICE_REBIRTH);
    const metrics: DemoMetric[] = [];
    for (let k = 2 + this.rnd.int(2); k > 0 && plant.length > 0; k--) {
      const m = plant.splice(this.rnd.int(plant.length), 1)[0] as DemoMetric;
      m.value = nextValue(m, this.rnd);
      metrics.push(m);
    }
    return { device, metrics };
  }
}

/** The instrument is re-tagged (`FO6TT012` → `FO6TT012A` → `FO6TT012B`): same alias, type and keys. */
function rename(m: DemoMetric): Change {
  const segments = m.name.split('/');
  const code = segments[segments.length - 2] ?? '';
  const last = code.at(-1) ?? '';
  segments[segments.length - 2] =
    /[A-Y]/.test(last) && /\d/.test(code.at(-2) ?? '')
      ? code.slice(0, -1) + String.fromCharCode(last.charCodeAt(0) + 1)
      : `${code}A`;
  const from = m.name;
  m.name = segments.join('/');
  return { kind: 'renamed', alias: m.alias, from, to: m.name };
}

function editedValue(key: string, from: PropertyValueInput, engHigh: number, rnd: Random): Scalar {
  if (key === 'Quality') return from === GOOD ? BAD_STALE : GOOD;
  if (key === 'engLow') return from === 0 ? Math.round(engHigh * 0.1) : 0;
  if (key === 'engHigh') {
    const v = Number(from ?? 0);
    if (v <= 0) return 1;
    const step = Math.max(1, Math.round(v / 150) * 5); // ≈ 3 %, in fives: 1450 → 1500
    return rnd.next() < 0.5 && v - step > 0 ? v - step : v + step;
  }
  const text = String(from ?? '');
  return text.endsWith(REVISED) ? text.slice(0, -REVISED.length) : text + REVISED;
}
