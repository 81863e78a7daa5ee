// What the demo's tags look like: plant-style names, the datatype mix and the Ignition property set of
// the reference captures (≈ 8.45 properties per metric, same keys and Sparkplug types). Builds metrics
// only; which ones change, and when, is scenario.ts.
import type { PropertiesInput, Scalar } from '../sparkplug/encoder.js';
import type { Random } from '../seeded-random.js';

export interface DemoMetric {
  name: string;
  alias: bigint;
  /** Sparkplug datatype name (`Float`, `Boolean`, …). */
  datatype: string;
  value: Scalar;
  properties: PropertiesInput;
}

interface Signal {
  leaf: string;
  tag: string;
  engUnit: string;
  engHigh: number;
}
interface Kind {
  datatype: string;
  share: number;
  categories: readonly string[];
  signals: readonly Signal[];
}
interface Plant {
  id: string;
  area: string;
  unit: string;
  code: string;
  equipment: readonly string[];
}

const ANALOG: readonly Signal[] = [
  { leaf: 'Temperature', tag: 'TT', engUnit: '°C', engHigh: 1450 },
  { leaf: 'Pressure', tag: 'PT', engUnit: 'mbar', engHigh: 60 },
  { leaf: 'Flow', tag: 'FT', engUnit: 't/h', engHigh: 400 },
  { leaf: 'Speed', tag: 'ST', engUnit: 'rpm', engHigh: 1500 },
  { leaf: 'Current', tag: 'IT', engUnit: 'A', engHigh: 600 },
  { leaf: 'Position', tag: 'ZT', engUnit: '%', engHigh: 100 },
];
/** Shares as in src/bench/generate.ts (modelled on the Portugal/Cement birth). */
const KINDS: readonly Kind[] = [
  {
    datatype: 'Boolean',
    share: 0.4,
    categories: ['Indications', 'Machines', 'Alarms', 'Selections'],
    signals: [
      { leaf: 'Active', tag: 'ZS', engUnit: '', engHigh: 0 },
      { leaf: 'Running', tag: 'M', engUnit: '', engHigh: 0 },
      { leaf: 'Fault', tag: 'XA', engUnit: '', engHigh: 0 },
      { leaf: 'Closed', tag: 'ZC', engUnit: '', engHigh: 0 },
      { leaf: 'Selected', tag: 'SEL', engUnit: '', engHigh: 0 },
    ],
  },
  { datatype: 'Float', share: 0.2, categories: ['Analog'], signals: ANALOG },
  { datatype: 'Double', share: 0.15, categories: ['Analog', 'KPI'], signals: ANALOG },
  {
    datatype: 'Int32',
    share: 0.15,
    categories: ['Machines'],
    signals: [
      { leaf: 'Mode', tag: 'HS', engUnit: '', engHigh: 10 },
      { leaf: 'Starts', tag: 'KQ', engUnit: '', engHigh: 100000 },
    ],
  },
  {
    datatype: 'String',
    share: 0.05,
    categories: ['Indications'],
    signals: [{ leaf: 'State', tag: 'UA', engUnit: '', engHigh: 0 }],
  },
  {
    datatype: 'Int64',
    share: 0.03,
    categories: ['KPI'],
    signals: [{ leaf: 'Runtime', tag: 'KT', engUnit: 's', engHigh: 1e9 }],
  },
  {
    datatype: 'DateTime',
    share: 0.02,
    categories: ['KPI'],
    signals: [{ leaf: 'LastChange', tag: 'KD', engUnit: '', engHigh: 0 }],
  },
];
const PLANTS: readonly Plant[] = [
  {
    id: 'Kiln-1',
    area: '400 - Clinker Production',
    unit: '432 - Kiln',
    code: 'FO6',
    equipment: ['Queimador principal', 'Ventilador de tiragem', 'Motor do forno', 'Doseador de farinha'],
  },
  {
    id: 'Cement-Mill-7',
    area: '500 - Cement Milling',
    unit: '531 - Cement Mill 7',
    code: 'MC7',
    equipment: ['Separador dinamico', 'Elevador de baldes', 'Filtro de mangas', 'Motor do moinho'],
  },
  {
    id: 'Bypass',
    area: '400 - Clinker Production',
    unit: '451 - Bypass',
    code: 'BYP',
    equipment: ['Valvula de bypass', 'Ventilador de arrefecimento', 'Filtro de mangas'],
  },
  {
    id: 'Raw-Mill-2',
    area: '300 - Raw Milling',
    unit: '321 - Raw Mill 2',
    code: 'MR2',
    equipment: ['Moinho vertical', 'Transportador de correia', 'Bomba de agua'],
  },
  {
    id: 'Dispatch',
    area: '600 - Cement Packaging and Dispatch',
    unit: '671 - Bag Conveying',
    code: 'EMB',
    equipment: ['Ensacadora rotativa', 'Transportador de sacos', 'Silo 23'],
  },
];
const STATES = ['Running', 'Stopped', 'Starting', 'Maintenance'];
const BASE_TS = 1759312039312;
export const DEVICE_REBIRTH = 'Device Control/Rebirth';
export const NODE_REBIRTH = 'Node Control/Rebirth';
export const NODE_REBIRTH_ALIAS = 3n;
export const GOOD = 192;
/** Ignition's Bad_Stale quality as it arrives in the Int32 property (0x80000204). */
export const BAD_STALE = 2147484164;

/** Device ids: the plant list, then numbered repeats (`Kiln-1-2`). */
export function deviceId(index: number): string {
  const plant = PLANTS[index % PLANTS.length] as Plant;
  return index < PLANTS.length ? plant.id : `${plant.id}-${Math.floor(index / PLANTS.length) + 1}`;
}

/** One plant tag of device `index`; the alias is also its instrument number, so names never collide. */
export function plantMetric(index: number, alias: bigint, rnd: Random): DemoMetric {
  const plant = PLANTS[index % PLANTS.length] as Plant;
  const kind = pickKind(rnd);
  const signal = rnd.pick(kind.signals);
  const code = `${plant.code}${signal.tag}${String(alias).padStart(3, '0')}`;
  const name = `Maceira/${plant.area}/${plant.unit}/Normalised/${rnd.pick(kind.categories)}/${code}/${signal.leaf}`;
  const documentation = `${rnd.pick(plant.equipment)} ${code} - ${signal.leaf}`;
  return {
    name,
    alias,
    datatype: kind.datatype,
    value: initialValue(kind.datatype, signal, rnd),
    properties: ignitionProperties(rnd, signal, documentation),
  };
}

/** The metric Ignition adds to every DBIRTH (no properties in the captures). */
export function deviceRebirthMetric(alias: bigint): DemoMetric {
  return { name: DEVICE_REBIRTH, alias, datatype: 'Boolean', value: false, properties: {} };
}

/** The NBIRTH metrics of the captures (Ignition MQTT Transmission 4.0.30); aliases 1–5. */
export function nodeMetrics(bdSeq: number, now: bigint): DemoMetric[] {
  const doc = (value: string): PropertiesInput => ({ documentation: { type: 'String', value } });
  return [
    {
      name: 'Node Control/Next Server',
      alias: 1n,
      datatype: 'Boolean',
      value: false,
      properties: doc('Writeable tag to request the Edge Node to walk to the next MQTT server'),
    },
    {
      name: 'Node Info/Transmission Version',
      alias: 2n,
      datatype: 'String',
      value: '4.0.30 (b2025062418)',
      properties: doc('The version of MQTT Transmission installed at the Edge Node'),
    },
    {
      name: NODE_REBIRTH,
      alias: NODE_REBIRTH_ALIAS,
      datatype: 'Boolean',
      value: false,
      properties: doc(
        'Writeable tag to request the Edge Node to resend its cached NBIRTH and DBIRTH messages without disconnecting or sending DEATH messages first',
      ),
    },
    { name: 'bdSeq', alias: 4n, datatype: 'Int64', value: BigInt(bdSeq), properties: {} },
    {
      name: 'CanaryWD',
      alias: 5n,
      datatype: 'Int64',
      value: now,
      properties: {
        executionMode: { type: 'Int32', value: 1 },
        executionRate: { type: 'Int32', value: 60000 },
        Quality: { type: 'Int32', value: GOOD },
      },
    },
  ];
}
export const FIRST_DEVICE_ALIAS = 6n;

function pickKind(rnd: Random): Kind {
  let x = rnd.next();
  for (const kind of KINDS) if ((x -= kind.share) < 0) return kind;
  return KINDS[0] as Kind;
}

/** 72 % carry the full set of 10 keys, 14 % six, 14 % four; 1 in 10 also a tooltip (≈ 8.7 per tag). */
function ignitionProperties(rnd: Random, s: Signal, documentation: string): PropertiesInput {
  const r = rnd.next();
  const full: PropertiesInput = {
    engLow: { type: 'Double', value: 0 },
    retained: { type: 'Boolean', value: true },
    DataPermission: { type: 'String', value: 'user_domainSecil(R);G_UNS_Admin(RW)' },
    Quality: { type: 'Int32', value: rnd.next() < 0.9 ? GOOD : BAD_STALE },
    documentation: { type: 'String', value: documentation },
    engHigh: { type: 'Double', value: s.engHigh },
    retain: { type: 'Boolean', value: true },
    executionMode: { type: 'Int32', value: 1 },
    engUnit: { type: 'String', value: s.engUnit },
    delete: { type: 'Boolean', value: false },
  };
  const keep =
    r < 0.14
      ? ['Quality', 'documentation', 'engUnit', 'engHigh']
      : r < 0.28
        ? ['engLow', 'DataPermission', 'Quality', 'documentation', 'engHigh', 'engUnit']
        : Object.keys(full);
  const p: PropertiesInput = Object.fromEntries(Object.entries(full).filter(([key]) => keep.includes(key)));
  if (rnd.next() < 0.1) p.tooltip = { type: 'String', value: `${s.leaf} (${s.engUnit || 'sem unidade'})` };
  return p;
}

function initialValue(datatype: string, s: Signal, rnd: Random): Scalar {
  switch (datatype) {
    case 'Boolean':
      return rnd.next() < 0.5;
    case 'Float':
      return Math.fround(rnd.next() * s.engHigh);
    case 'Double':
      return Math.round(rnd.next() * s.engHigh * 1000) / 1000;
    case 'Int32':
      return rnd.int(s.engHigh);
    case 'String':
      return rnd.pick(STATES);
    case 'Int64':
      return BigInt(rnd.int(s.engHigh));
    default:
      return BigInt(BASE_TS - rnd.int(86_400_000));
  }
}

/** A new value of the same datatype (the DDATA the demo sends now and then). */
export function nextValue(m: DemoMetric, rnd: Random): Scalar {
  const v = m.value;
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'bigint') return v + BigInt(1 + rnd.int(60_000));
  if (typeof v === 'string') return rnd.pick(STATES.filter((s) => s !== v));
  const high = Number(m.properties.engHigh?.value ?? 100) || 100;
  if (m.datatype === 'Int32') return rnd.int(high);
  const next = rnd.next() * high;
  return m.datatype === 'Float' ? Math.fround(next) : Math.round(next * 1000) / 1000;
}
