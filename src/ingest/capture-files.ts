// Reads capture files for `uns-meta ingest file`: .bin (protobuf), .json (Sparkplug JSON) and .jsonl
// (one decoded capture per line carrying its topic). Yields one intake result per birth, in file order.

import { createReadStream, readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { createInterface } from 'node:readline';
import { AppError } from '../errors.js';
import { parseCaptureLine } from '../sparkplug/capture.js';
import { parseTopic, isBirth } from '../sparkplug/topic.js';
import { intakeBirth, type IntakeLimits, type IntakeResult } from './intake.js';

export interface CaptureItem {
  source: string;
  result: IntakeResult;
}

const TYPES = 'NBIRTH|DBIRTH|NDATA|DDATA|NDEATH|DDEATH|NCMD|DCMD';
const NAME_TOPIC = new RegExp(`spBv1\\.0_([^_]+)_(${TYPES})_([^_]+)(?:_([^_]+))?$`);

/** `…spBv1.0_<group>_<TYPE>_<edge>[_<device>].json` → topic; ids containing '_' need --topic. */
export function topicFromFileName(path: string): string | null {
  const m = NAME_TOPIC.exec(basename(path, extname(path)));
  if (!m) return null;
  const [, group, type, edge, device] = m;
  return ['spBv1.0', group, type, edge, device].filter((x) => x !== undefined).join('/');
}

export function assertSupported(paths: string[], topic: string | undefined): void {
  for (const p of paths) {
    const ext = extname(p).toLowerCase();
    if (!['.bin', '.json', '.jsonl'].includes(ext))
      throw new AppError('usage', `${p}: unsupported file type ${ext || '(none)'}; use .bin, .json or .jsonl`);
    if (ext !== '.jsonl' && !topic && !topicFromFileName(p)) {
      throw new AppError(
        'usage',
        `${p}: pass --topic (the file name does not say it, e.g. spBv1.0_<group>_DBIRTH_<edge>_<device>${ext})`,
      );
    }
  }
}

export async function* readCaptures(
  paths: string[],
  topic: string | undefined,
  limits: IntakeLimits,
): AsyncGenerator<CaptureItem> {
  for (const path of paths) {
    const ext = extname(path).toLowerCase();
    if (ext === '.jsonl') {
      yield* readJsonl(path);
      continue;
    }
    const t = topic ?? (topicFromFileName(path) as string);
    const bytes = readFileSync(path);
    yield { source: path, result: intakeBirth(t, bytes, ext === '.bin' ? 'protobuf' : 'sparkplug-json', limits) };
  }
}

async function* readJsonl(path: string): AsyncGenerator<CaptureItem> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n += 1;
    if (line.trim() === '') continue;
    const source = `${path}:${n}`;
    const payload = Buffer.from(line);
    const c = parseCaptureLine(line);
    if (!c.ok) {
      yield {
        source,
        result: { ok: false, topic: '(unknown)', code: 'payload_undecodable', reason: c.reason, payload },
      };
      continue;
    }
    const t = parseTopic(c.topic);
    if (!t.ok || !isBirth(t.topic.type)) {
      const reason = t.ok ? `${t.topic.type} is not a birth: '${c.topic}'` : t.reason;
      yield { source, result: { ok: false, topic: c.topic, code: 'topic_invalid', reason, payload } };
      continue;
    }
    yield {
      source,
      result: {
        ok: true,
        birth: {
          topic: c.topic,
          parsed: t.topic,
          header: c.header,
          metricCount: c.metricCount,
          metrics: c.metrics,
          payload,
        },
      },
    };
  }
}
