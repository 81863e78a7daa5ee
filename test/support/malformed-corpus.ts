// A deterministic corpus of malformed Sparkplug births (protobuf) with the quarantine code each must get
// and whether any of it applies. Every entry has its own edge (NBIRTH) or device (DBIRTH) id, so entries
// never meet in the store. Feed it to intakeBirth with CORPUS_LIMITS; it does not touch a database.

import zlib from 'node:zlib';
import { org } from '../../src/sparkplug/generated/sparkplug_b.js';
import { compressPayload, decodePayload, encodePayload, type MetricInput } from '../../src/sparkplug/payload.js';
import type { PropertiesInput } from '../../src/sparkplug/encoder.js';
import type { QuarantineCode } from '../../src/store/quarantine.js';
import { seededRandom } from '../../src/seeded-random.js';

const MiB = 1024 * 1024;
/** Limits the corpus assumes: "over-size" entries exceed maxPayloadBytes; zip bombs exceed maxInflatedBytes. */
export const CORPUS_LIMITS = { maxPayloadBytes: 4 * MiB, maxInflatedBytes: 16 * MiB };

export interface CorpusEntry {
  name: string;
  topic: string;
  payload: Buffer;
  /**
   * whole: nothing of the birth applies (no metric of its device is stored). Otherwise the birth applies
   * except the quarantined metric(s), and `stored` names the metrics that must be stored. Every quarantine
   * row of the entry's topic carries `code`.
   */
  expect: { code: QuarantineCode; whole: boolean; stored: string[] };
}

const pb = org.eclipse.tahu.protobuf;
const TS = 1_700_000_000_000n;
const GOOD: MetricInput[] = [
  {
    name: 'Good/PV',
    alias: 1n,
    datatype: 'Double',
    value: 1.5,
    properties: { engUnit: { type: 'String', value: 'bar' }, Quality: { type: 'Int32', value: 192 } },
  },
  {
    name: 'Good/Running',
    alias: 2n,
    datatype: 'Boolean',
    value: true,
    properties: { documentation: { type: 'String', value: 'pump running' } },
  },
];
const GOOD_NAMES = GOOD.map((m) => m.name as string);
// The same two metrics as protobufjs objects, for entries built with the generated encoder directly.
const GOOD_RAW = [
  {
    name: 'Good/PV',
    alias: 1,
    datatype: 10,
    doubleValue: 1.5,
    properties: {
      keys: ['engUnit', 'Quality'],
      values: [
        { type: 12, stringValue: 'bar' },
        { type: 3, intValue: 192 },
      ],
    },
  },
  {
    name: 'Good/Running',
    alias: 2,
    datatype: 11,
    booleanValue: true,
    properties: { keys: ['documentation'], values: [{ type: 12, stringValue: 'pump running' }] },
  },
];

const birth = (metrics: MetricInput[]) => encodePayload({ timestamp: TS, seq: 0n, metrics });
/** The good metrics plus the bad ones, bad ones in the middle so order does not hide anything. */
const withGood = (...bad: MetricInput[]) => birth([GOOD[0]!, ...bad, GOOD[1]!]);
const fails = (payload: Buffer) => !decodePayload(payload, CORPUS_LIMITS).ok;

/** Seeded, so the "random" entries are the same on every run. */
const prng = (seed: number) => seededRandom(seed).next;
const randomBytes = (rnd: () => number, n: number) =>
  Buffer.from(Array.from({ length: n }, () => Math.floor(rnd() * 256)));
const randomLetters = (rnd: () => number, n: number) =>
  Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(rnd() * 26))).join('');

/** Encodes `metrics`, then overwrites the single occurrence of `marker` (ASCII '~' runs) with raw bytes. */
function patched(metrics: MetricInput[], marker: string, bytes: number[]): Buffer {
  const buf = withGood(...metrics);
  const at = buf.indexOf(marker);
  if (marker.length !== bytes.length || at < 0 || buf.indexOf(marker, at + 1) >= 0)
    throw new Error(`corpus: marker ${marker} must occur once`);
  Buffer.from(bytes).copy(buf, at);
  return buf;
}
const mark = (bytes: number[]) => '~'.repeat(bytes.length);

/** A payload of exactly `size` bytes: a good birth padded with a String value (values are not stored). */
function sized(size: number): Buffer {
  let pad = size;
  for (;;) {
    const buf = withGood({ name: 'Padding', datatype: 'String', value: 'p'.repeat(Math.max(0, pad)) });
    if (buf.length === size) return buf;
    pad += size - buf.length;
  }
}

function nested(depth: number): PropertiesInput {
  return depth === 0 ? { leaf: { type: 'Int32', value: 1 } } : { n: { type: 'PropertySet', value: nested(depth - 1) } };
}

/** kind: 'NBIRTH' or 'DBIRTH' (a unique edge or device id is made up), or else a complete topic. */
type Add = (name: string, kind: string, payload: Buffer, code: QuarantineCode, whole: boolean) => void;

export function malformedCorpus(group: string): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  const add: Add = (name, kind, payload, code, whole) => {
    const id = `c${String(out.length).padStart(3, '0')}`;
    const topic =
      kind === 'NBIRTH'
        ? `spBv1.0/${group}/NBIRTH/${id}`
        : kind === 'DBIRTH'
          ? `spBv1.0/${group}/DBIRTH/corpus/${id}`
          : kind;
    out.push({ name: `${id} ${name}`, topic, payload, expect: { code, whole, stored: whole ? [] : GOOD_NAMES } });
  };
  undecodable(add);
  wrongTopics(add, group);
  oversize(add);
  compression(add);
  names(add);
  properties(add);
  invalidUtf8(add);
  collisions(add);
  wholeBirthFailures(add);
  return out;
}

/** Truncations at cut points that really fail to decode, seeded garbage, garbage tails, out-of-range headers. */
function undecodable(add: Add): void {
  const rich = birth([
    ...GOOD,
    {
      name: 'Line/Flow Rate',
      alias: 3n,
      datatype: 'Float',
      value: 2.5,
      properties: { engUnit: { type: 'String', value: 'm3/h' }, engHigh: { type: 'Double', value: 900 } },
    },
    {
      name: 'Line/Total',
      alias: 4n,
      datatype: 'UInt64',
      value: 2n ** 63n + 5n,
      properties: { limits: { type: 'PropertySet', value: { high: { type: 'Int64', value: -4n } } } },
    },
  ]);
  const cuts = [...Array(rich.length).keys()].slice(1).filter((n) => fails(rich.subarray(0, n)));
  const step = Math.max(1, Math.floor(cuts.length / 45));
  for (const n of cuts.filter((_, i) => i % step === 0).slice(0, 45))
    add(`truncated at ${n} of ${rich.length} bytes`, 'DBIRTH', rich.subarray(0, n), 'payload_undecodable', true);
  const zipped = compressPayload(rich, 'GZIP');
  const zcuts = [...Array(zipped.length).keys()].slice(1).filter((n) => fails(zipped.subarray(0, n)));
  for (const n of zcuts.filter((_, i) => i % Math.max(1, Math.floor(zcuts.length / 8)) === 0).slice(0, 8)) {
    add(
      `compressed birth truncated at ${n} of ${zipped.length} bytes`,
      'NBIRTH',
      zipped.subarray(0, n),
      'payload_undecodable',
      true,
    );
  }

  const rnd = prng(0x5eed);
  for (let found = 0; found < 30;) {
    const junk = randomBytes(rnd, 1 + Math.floor(rnd() * 2000));
    if (!fails(junk)) continue;
    found += 1;
    add(
      `random garbage of ${junk.length} bytes`,
      found % 5 === 0 ? 'NBIRTH' : 'DBIRTH',
      junk,
      'payload_undecodable',
      true,
    );
  }
  for (let found = 0; found < 8;) {
    const tail = Buffer.concat([rich, randomBytes(rnd, 1 + Math.floor(rnd() * 64))]);
    if (!fails(tail)) continue;
    found += 1;
    add(
      `valid birth followed by ${tail.length - rich.length} garbage bytes`,
      'DBIRTH',
      tail,
      'payload_undecodable',
      true,
    );
  }
  for (const text of ['{"timestamp":1,"metrics":[{"name":"a","datatype":3}]}', '<xml>birth</xml>', 'hello world']) {
    const b = Buffer.from(text);
    if (fails(b)) add(`text instead of protobuf: ${text.slice(0, 20)}`, 'DBIRTH', b, 'payload_undecodable', true);
  }
  // bigint columns hold the header: a uint64 beyond 2^63-1 cannot be stored.
  add(
    'timestamp 2^64-1',
    'DBIRTH',
    encodePayload({ timestamp: 2n ** 64n - 1n, seq: 0n, metrics: GOOD }),
    'payload_undecodable',
    true,
  );
  add('timestamp 2^63', 'NBIRTH', encodePayload({ timestamp: 2n ** 63n, metrics: GOOD }), 'payload_undecodable', true);
  add(
    'seq 2^63',
    'DBIRTH',
    encodePayload({ timestamp: TS, seq: 2n ** 63n, metrics: GOOD }),
    'payload_undecodable',
    true,
  );
}

/** Topics a subscriber to spBv1.0/<group>/NBIRTH/# and …/DBIRTH/# receives, or a capture file may carry. */
function wrongTopics(add: Add, group: string): void {
  const payload = birth(GOOD);
  const g = `spBv1.0/${group}`;
  const topics: Array<[string, string]> = [
    ['NBIRTH with a device level', `${g}/NBIRTH/t-edge-1/dev`],
    ['NBIRTH with two extra levels', `${g}/NBIRTH/t-edge-2/a/b`],
    ['NBIRTH without an edge level', `${g}/NBIRTH`],
    ['NBIRTH with an empty edge level', `${g}/NBIRTH/`],
    ['NBIRTH with a trailing slash', `${g}/NBIRTH/t-edge-3/`],
    ['DBIRTH without a device level', `${g}/DBIRTH/t-edge-4`],
    ['DBIRTH with an extra level', `${g}/DBIRTH/corpus/t-dev-5/extra`],
    ['DBIRTH with two extra levels', `${g}/DBIRTH/corpus/t-dev-6/extra/more`],
    ['DBIRTH with an empty device level', `${g}/DBIRTH/corpus/`],
    ['DBIRTH with an empty edge level', `${g}/DBIRTH//t-dev-7`],
    ['DBIRTH without edge and device', `${g}/DBIRTH`],
    ['DBIRTH with a NUL in the device id (capture file)', `${g}/DBIRTH/corpus/t-dev\u00008`],
    ['DBIRTH with a 300-byte device id', `${g}/DBIRTH/corpus/${'d'.repeat(300)}`],
    ['DBIRTH with a 600-byte (200-character) device id', `${g}/DBIRTH/corpus/${'日'.repeat(200)}`],
    ['NBIRTH with a 3000-byte edge id', `${g}/NBIRTH/${'e'.repeat(3000)}`],
    ['DBIRTH with a 3000-byte incompressible device id', `${g}/DBIRTH/corpus/${randomLetters(prng(3000), 3000)}`],
  ];
  for (const [name, topic] of topics) add(name, topic, payload, 'topic_invalid', true);
  for (const [name, topic] of [
    ['DBIRTH whose device id normalizes to nothing: ()', `${g}/DBIRTH/corpus/()`],
    ['DBIRTH whose device id normalizes to nothing: ___', `${g}/DBIRTH/corpus/___`],
    ['DBIRTH whose device id normalizes to nothing: " - "', `${g}/DBIRTH/corpus/ - `],
    ['NBIRTH whose edge id normalizes to nothing: %%', `${g}/NBIRTH/%%`],
  ])
    add(name as string, topic as string, payload, 'device_path_invalid', true);
}

/** Over maxPayloadBytes: refused before decoding, huge strings included. */
function oversize(add: Add): void {
  const limit = CORPUS_LIMITS.maxPayloadBytes;
  add('one byte over maxPayloadBytes', 'DBIRTH', sized(limit + 1), 'payload_too_large', true);
  add('twice maxPayloadBytes', 'NBIRTH', sized(2 * limit), 'payload_too_large', true);
  const rnd = prng(7);
  add(
    'compressed wrapper over the limit',
    'DBIRTH',
    encodePayload({
      uuid: 'SPBV1.0_COMPRESSED',
      body: randomBytes(rnd, limit + 10),
      metrics: [{ name: 'algorithm', datatype: 'String', value: 'DEFLATE' }],
    }),
    'payload_too_large',
    true,
  );
  const big = 'v'.repeat(5 * MiB);
  add(
    '5 MB property string value',
    'DBIRTH',
    withGood({ name: 'Docs', datatype: 'String', properties: { documentation: { type: 'String', value: big } } }),
    'payload_too_large',
    true,
  );
  add('5 MB metric name', 'DBIRTH', withGood({ name: big, datatype: 'Int32' }), 'payload_too_large', true);
  add(
    '5 MB property key',
    'NBIRTH',
    withGood({ name: 'K', datatype: 'Int32', properties: { [big]: { type: 'Int32', value: 1 } } }),
    'payload_too_large',
    true,
  );
}

function compression(add: Add): void {
  const inner = birth(GOOD);
  const wrap = (body: Buffer, algorithm?: MetricInput) =>
    encodePayload({ timestamp: TS, uuid: 'SPBV1.0_COMPRESSED', body, metrics: algorithm ? [algorithm] : [] });
  const algo = (value: string): MetricInput => ({ name: 'algorithm', datatype: 'String', value });
  const rnd = prng(99);
  const bad: Array<[string, Buffer]> = [
    ['DEFLATE body of random bytes', wrap(randomBytes(rnd, 200), algo('DEFLATE'))],
    ['DEFLATE body of random bytes (2)', wrap(randomBytes(rnd, 4000), algo('DEFLATE'))],
    ['GZIP body of random bytes', wrap(randomBytes(rnd, 300), algo('GZIP'))],
    [
      'GZIP header followed by garbage',
      wrap(Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3]), randomBytes(rnd, 100)]), algo('GZIP')),
    ],
    ['truncated GZIP body', wrap(zlib.gzipSync(inner).subarray(0, 30), algo('GZIP'))],
    ['truncated DEFLATE body', wrap(zlib.deflateSync(inner).subarray(0, 20), algo('DEFLATE'))],
    [
      'GZIP body declared DEFLATE-by-default (algorithm metric is an Int32)',
      wrap(zlib.gzipSync(inner), { name: 'algorithm', datatype: 'Int32', value: 1 }),
    ],
    [
      'DEFLATE body whose content is not protobuf',
      wrap(zlib.deflateSync(Buffer.from('definitely not protobuf {} [] <>')), algo('DEFLATE')),
    ],
    ['unknown algorithm LZ4', wrap(zlib.deflateSync(inner), algo('LZ4'))],
    ['unknown algorithm BROTLI', wrap(zlib.brotliCompressSync(inner), algo('BROTLI'))],
    ['unknown algorithm (empty string)', wrap(zlib.deflateSync(inner), algo(''))],
    [
      'SPBV1.0_COMPRESSED without a body',
      encodePayload({ timestamp: TS, uuid: 'SPBV1.0_COMPRESSED', metrics: [algo('GZIP')] }),
    ],
    ['compressed payload wrapping a compressed payload', compressPayload(compressPayload(inner, 'GZIP'), 'GZIP')],
    ['DEFLATE zip bomb (64 MiB of zeros, cap 16 MiB)', wrap(zlib.deflateSync(Buffer.alloc(64 * MiB)), algo('DEFLATE'))],
    ['GZIP zip bomb (20 MiB of zeros, cap 16 MiB)', wrap(zlib.gzipSync(Buffer.alloc(20 * MiB)), algo('GZIP'))],
  ];
  for (const [name, payload] of bad)
    if (fails(payload)) add(name, name.includes('GZIP') ? 'NBIRTH' : 'DBIRTH', payload, 'payload_undecodable', true);
  // The inner birth's metric problems survive the wrapper.
  add(
    'compressed birth with a duplicate name inside',
    'DBIRTH',
    compressPayload(withGood({ name: 'Twice', datatype: 'Int32' }, { name: 'Twice', datatype: 'Int32' }), 'GZIP'),
    'duplicate_name',
    false,
  );
  add(
    'compressed birth with a colliding name pair inside',
    'DBIRTH',
    compressPayload(withGood({ name: 'a b', datatype: 'Int32' }, { name: 'a  b', datatype: 'Int32' }), 'DEFLATE'),
    'uns_path_collision',
    false,
  );
  const m = mark([0xff]);
  add(
    'compressed birth with a name that is not UTF-8',
    'NBIRTH',
    compressPayload(patched([{ name: `Bad${m}`, datatype: 'Int32' }], m, [0xff]), 'GZIP'),
    'metric_undecodable',
    false,
  );
}

/** Metric names: duplicates, huge, NUL, nothing left after normalization, no name at all. */
function names(add: Add): void {
  const int = (name: string, alias?: bigint): MetricInput => ({
    name,
    datatype: 'Int32',
    value: 1,
    ...(alias === undefined ? {} : { alias }),
  });
  add('duplicate name', 'DBIRTH', withGood(int('Dup'), int('Dup')), 'duplicate_name', false);
  add('name three times', 'DBIRTH', withGood(int('Dup'), int('Dup'), int('Dup')), 'duplicate_name', false);
  add(
    'duplicate name with different datatypes',
    'DBIRTH',
    withGood(int('Dup'), { name: 'Dup', datatype: 'Double' }),
    'duplicate_name',
    false,
  );
  add(
    'duplicate name with different aliases',
    'NBIRTH',
    withGood(int('Dup', 10n), int('Dup', 11n)),
    'duplicate_name',
    false,
  );
  add(
    'duplicate name with different properties',
    'DBIRTH',
    withGood(
      { ...int('Dup'), properties: { a: { type: 'Int32', value: 1 } } },
      { ...int('Dup'), properties: { a: { type: 'Int32', value: 2 } } },
    ),
    'duplicate_name',
    false,
  );

  const rnd = prng(1024);
  const huge: Array<[string, string]> = [
    ['1025-byte name (one over the limit)', 'N'.repeat(1025)],
    ['3000-byte incompressible name', randomLetters(rnd, 3000)],
    ['64 KiB name', 'n'.repeat(64 * 1024)],
    ['1 MiB name', 'x/'.repeat(MiB / 2)],
    ['3 MiB name', randomLetters(rnd, 3 * MiB)],
    ['342-character name of 1026 bytes (bytes, not characters, count)', '日'.repeat(342)],
    ['name of 2001 bytes that normalizes to one short segment', `a${'/'.repeat(2000)}`],
    ['1015-byte name whose UNS path passes 1024 bytes', `Area/${'p'.repeat(1010)}`],
  ];
  for (const [name, value] of huge)
    add(name, name.startsWith('1 MiB') ? 'NBIRTH' : 'DBIRTH', withGood(int(value)), 'metric_name_invalid', false);

  for (const [name, value] of [
    ['NUL inside a name', 'a\u0000b'],
    ['a name that is only NUL', '\u0000'],
    ['NUL in a segment', 'Line/\u0000/PV'],
  ]) {
    add(name as string, 'DBIRTH', withGood(int(value as string)), 'metric_name_invalid', false);
  }
  for (const value of ['///', '/', ' ', '  /  ', '___', '-', '()', '[]/{}', '\t\r\n', '\u00A0\u3000', '?!*', '/_/-/']) {
    add(
      `name ${JSON.stringify(value)} normalizes to nothing`,
      'DBIRTH',
      withGood(int(value)),
      'metric_name_invalid',
      false,
    );
  }
  add(
    'metric with neither name nor alias',
    'DBIRTH',
    withGood({ datatype: 'Int32', value: 1 }),
    'metric_unnamed',
    false,
  );
  add('metric with an empty name and no alias', 'NBIRTH', withGood(int('')), 'metric_unnamed', false);
  add(
    'metric with only an alias nobody named',
    'DBIRTH',
    withGood({ alias: 77n, datatype: 'Int32' }),
    'metric_unnamed',
    false,
  );
  add(
    'metric with an empty name and an unknown alias',
    'DBIRTH',
    withGood({ name: '', alias: 78n, datatype: 'Int32' }),
    'metric_unnamed',
    false,
  );
}

/** Property keys and values the store cannot keep, and metrics the decoder refuses. */
function properties(add: Add): void {
  const prop = (key: string, value: string | number = 1): MetricInput => ({
    name: 'Props',
    datatype: 'Int32',
    properties: { [key]: typeof value === 'string' ? { type: 'String', value } : { type: 'Int32', value } },
  });
  const rnd = prng(256);
  add('257-byte property key', 'DBIRTH', withGood(prop('k'.repeat(257))), 'property_invalid', false);
  add(
    '3000-byte incompressible property key',
    'DBIRTH',
    withGood(prop(randomLetters(rnd, 3000))),
    'property_invalid',
    false,
  );
  add('1 MiB property key', 'NBIRTH', withGood(prop('k'.repeat(MiB))), 'property_invalid', false);
  add('3 MiB property key', 'DBIRTH', withGood(prop(randomLetters(rnd, 3 * MiB))), 'property_invalid', false);
  add('100-character property key of 300 bytes', 'DBIRTH', withGood(prop('日'.repeat(100))), 'property_invalid', false);
  add(
    'nested property set whose flattened key passes 256 bytes',
    'DBIRTH',
    withGood({
      name: 'Nested',
      datatype: 'Int32',
      properties: {
        ['p'.repeat(150)]: { type: 'PropertySet', value: { ['c'.repeat(150)]: { type: 'Int32', value: 1 } } },
      },
    }),
    'property_invalid',
    false,
  );
  add('NUL in a property key', 'DBIRTH', withGood(prop('eng\u0000Unit')), 'property_invalid', false);
  add('NUL in a property string value', 'DBIRTH', withGood(prop('engUnit', 'm\u00003')), 'property_invalid', false);
  add(
    'NUL in a nested property key',
    'NBIRTH',
    withGood({
      name: 'Nested',
      datatype: 'Int32',
      properties: { limits: { type: 'PropertySet', value: { ['hi\u0000gh']: { type: 'Double', value: 1 } } } },
    }),
    'property_invalid',
    false,
  );

  const raw = (metric: org.eclipse.tahu.protobuf.Payload.IMetric) =>
    Buffer.from(
      pb.Payload.encode({ timestamp: Number(TS), seq: 0, metrics: [GOOD_RAW[0]!, metric, GOOD_RAW[1]!] }).finish(),
    );
  const undecodable: Array<[string, Buffer]> = [
    ['unknown datatype 99', withGood({ name: 'Odd', datatype: 99 })],
    ['metric without a datatype', raw({ name: 'NoType' })],
    [
      'property declared Int32 carrying a string',
      raw({ name: 'Misfit', datatype: 3, properties: { keys: ['a'], values: [{ type: 3, stringValue: 'x' }] } }),
    ],
    [
      'property set with 2 keys and 1 value',
      raw({ name: 'Uneven', datatype: 3, properties: { keys: ['a', 'b'], values: [{ type: 3, intValue: 1 }] } }),
    ],
    [
      'property of unknown type 99',
      raw({ name: 'OddProp', datatype: 3, properties: { keys: ['a'], values: [{ type: 99, intValue: 1 }] } }),
    ],
    ['property sets nested 40 deep', withGood({ name: 'Deep', datatype: 'Int32', properties: nested(40) })],
  ];
  for (const [name, payload] of undecodable) add(name, 'DBIRTH', payload, 'metric_undecodable', false);
  // Validity rules of spec/sparkplug.md: each refused metric with its own reason, the rest applies.
  for (const dt of [0, 20, 21])
    add(
      `metric of datatype ${dt}`,
      'DBIRTH',
      raw({ name: `Type${dt}`, datatype: dt, intValue: 1 }),
      'datatype_invalid',
      false,
    );
  add(
    'property key twice',
    'DBIRTH',
    raw({
      name: 'Twice',
      datatype: 3,
      properties: {
        keys: ['engUnit', 'engUnit'],
        values: [
          { type: 12, stringValue: 'bar' },
          { type: 12, stringValue: 'psi' },
        ],
      },
    }),
    'property_duplicate',
    false,
  );
  add(
    'property key a.b next to a set a holding b',
    'NBIRTH',
    withGood({
      name: 'Flat',
      datatype: 'Int32',
      properties: {
        'limits.high': { type: 'Double', value: 1 },
        limits: { type: 'PropertySet', value: { high: { type: 'Double', value: 2 } } },
      },
    }),
    'property_duplicate',
    false,
  );
  add(
    'one alias on two metrics of a birth (both refused)',
    'DBIRTH',
    withGood({ name: 'First', alias: 50n, datatype: 'Int32' }, { name: 'Second', alias: 50n, datatype: 'Int32' }),
    'alias_duplicate',
    false,
  );
  add(
    'one alias on three metrics of a birth (all refused)',
    'NBIRTH',
    withGood(
      { name: 'A', alias: 51n, datatype: 'Int32' },
      { name: 'B', alias: 51n, datatype: 'Int32' },
      { name: 'C', alias: 51n, datatype: 'Int32' },
    ),
    'alias_duplicate',
    false,
  );
  // uint64 on the wire, bigint in the store.
  add(
    'alias 2^64-1',
    'DBIRTH',
    withGood({ name: 'BigAlias', alias: 2n ** 64n - 1n, datatype: 'Int32' }),
    'alias_invalid',
    false,
  );
  add(
    'alias 2^63',
    'NBIRTH',
    withGood({ name: 'BigAlias', alias: 2n ** 63n, datatype: 'Int32' }),
    'alias_invalid',
    false,
  );
  add(
    'alias-only metric with alias 2^63',
    'DBIRTH',
    withGood({ alias: 2n ** 63n, datatype: 'Int32' }),
    'alias_invalid',
    false,
  );
}

/** Bytes that are not UTF-8 where the store keeps text: names, property keys, property string values. */
function invalidUtf8(add: Add): void {
  const sequences: Array<[string, number[]]> = [
    ['0xFF', [0xff]],
    ['0xFE', [0xfe]],
    ['a lone continuation byte', [0x80]],
    ['a two-byte lead followed by ASCII', [0xc3, 0x28]],
    ['an overlong slash', [0xc0, 0xaf]],
    ['an overlong NUL', [0xc0, 0x80]],
    ['a UTF-16 surrogate (CESU-8)', [0xed, 0xa0, 0x80]],
    ['a truncated three-byte sequence', [0xe2, 0x82]],
    ['a code point beyond U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a five-byte sequence', [0xf8, 0x88, 0x80, 0x80, 0x80]],
  ];
  for (const [label, bytes] of sequences) {
    const m = mark(bytes);
    add(
      `name with ${label}`,
      'DBIRTH',
      patched([{ name: `Line/Bad${m}Name`, datatype: 'Int32' }], m, bytes),
      'metric_undecodable',
      false,
    );
  }
  for (const [label, bytes] of sequences.slice(0, 4)) {
    const m = mark(bytes);
    add(
      `property key with ${label}`,
      'DBIRTH',
      patched([{ name: 'Keyed', datatype: 'Int32', properties: { [`k${m}`]: { type: 'Int32', value: 1 } } }], m, bytes),
      'metric_undecodable',
      false,
    );
    add(
      `property value with ${label}`,
      'NBIRTH',
      patched(
        [{ name: 'Valued', datatype: 'Int32', properties: { engUnit: { type: 'String', value: `m${m}` } } }],
        m,
        bytes,
      ),
      'metric_undecodable',
      false,
    );
  }
  const m = mark([0xff, 0xfe]);
  add(
    'nested property key not UTF-8',
    'DBIRTH',
    patched(
      [
        {
          name: 'Nested',
          datatype: 'Int32',
          properties: { limits: { type: 'PropertySet', value: { [`h${m}`]: { type: 'Double', value: 1 } } } },
        },
      ],
      m,
      [0xff, 0xfe],
    ),
    'metric_undecodable',
    false,
  );
  add(
    'string in a PropertySetList not UTF-8',
    'DBIRTH',
    patched(
      [
        {
          name: 'Listed',
          datatype: 'Int32',
          properties: { alarms: { type: 'PropertySetList', value: [{ name: { type: 'String', value: `x${m}` } }] } },
        },
      ],
      m,
      [0xff, 0xfe],
    ),
    'metric_undecodable',
    false,
  );
}

/** Two names of one birth on one UNS path: both are withheld, the rest applies. */
function collisions(add: Add): void {
  const pairs: Array<[string, string]> = [
    ['a b', 'a  b'],
    ['Temp (°C)', 'Temp [°C]'],
    ['Line/PV', 'Line//PV'],
    ['x', ' x '],
    ['Pump--01', 'Pump-01'],
    ['Tag[0]', 'Tag_0'],
    ['Caf\u00e9', 'Cafe\u0301'],
    ['Flow\tRate', 'Flow Rate'],
    ['Flow\u00A0Rate', 'Flow\u2003Rate'],
    ['Area\\Line', 'Area_Line'],
    ['/Lead', 'Lead'],
    ['Trail/', 'Trail'],
  ];
  for (const [a, b] of pairs) {
    add(
      `${JSON.stringify(a)} and ${JSON.stringify(b)} share a UNS path`,
      'DBIRTH',
      withGood({ name: a, datatype: 'Int32' }, { name: b, datatype: 'Double' }),
      'uns_path_collision',
      false,
    );
  }
  add(
    'NBIRTH names sharing a UNS path',
    'NBIRTH',
    withGood({ name: 'Node Info/ Version', datatype: 'String' }, { name: 'Node Info/Version', datatype: 'String' }),
    'uns_path_collision',
    false,
  );
}

/** Births of which no metric can be read: quarantined whole. */
function wholeBirthFailures(add: Add): void {
  const m = mark([0xff]);
  add('every metric unnamed', 'DBIRTH', birth([{ datatype: 'Int32' }, { datatype: 'Double' }]), 'birth_failed', true);
  add(
    'every metric an unknown alias',
    'NBIRTH',
    birth([
      { alias: 5n, datatype: 'Int32' },
      { alias: 6n, datatype: 'Double' },
    ]),
    'birth_failed',
    true,
  );
  add(
    'every name normalizes to nothing',
    'DBIRTH',
    birth([
      { name: '///', datatype: 'Int32' },
      { name: '()', datatype: 'Int32' },
    ]),
    'birth_failed',
    true,
  );
  add(
    'every metric of an unknown datatype',
    'DBIRTH',
    birth([
      { name: 'A', datatype: 99 },
      { name: 'B', datatype: 77 },
    ]),
    'birth_failed',
    true,
  );
  const only = birth([{ name: `Only${m}`, datatype: 'Int32' }]);
  only.write('\xff', only.indexOf(m), 'latin1');
  add('the only metric has a name that is not UTF-8', 'DBIRTH', only, 'birth_failed', true);
}
