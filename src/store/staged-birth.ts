// Turns the metrics of a birth into staging rows while they are decoded: identity, collisions, plant,
// and the problems to quarantine. Property lines are yielded for COPY; metric lines are collected.

import type { BirthMetric, MetricResult } from '../sparkplug/birth.js';
import { metricPath } from '../uns/identity.js';
import { CollisionTracker } from '../uns/collisions.js';
import type { QuarantineCode, QuarantineEntry } from './quarantine.js';
import { bigintReplacer } from './quarantine.js';
import { createHash } from 'node:crypto';
import { metricLine, propertyBody } from './tsv.js';
import { createdPropertiesJson } from './property-json.js';

const PROGRESS_EVERY = 10_000;

export class StagedBirth {
  readonly problems: QuarantineEntry[] = [];
  readonly unnamed: BirthMetric[] = [];
  readonly withdrawn: Set<string>;
  private readonly tracker = new CollisionTracker();
  private readonly ordOfName = new Map<string, number>();
  private firstSegment: string | null | undefined = undefined;
  read = 0;
  accepted = 0;

  /**
   * @param stored fingerprint (hex, '' when unknown) of every stored metric of the device, by name:
   *   a metric whose fingerprint is unchanged stages no property rows; one not stored gets its
   *   'created' diff built here.
   */
  constructor(
    private readonly topic: string,
    private readonly devicePath: string,
    private readonly stored: ReadonlyMap<string, string> = new Map(),
    private readonly onProgress?: (n: number) => void,
  ) {
    this.withdrawn = this.tracker.withdrawn;
  }

  /** Yields property COPY lines; pushes metric COPY lines into `metricLines`. */
  *stage(results: Iterable<MetricResult>, metricLines: string[], countRead = true): Generator<string> {
    for (const r of results) {
      if (countRead && ++this.read % PROGRESS_EVERY === 0) this.onProgress?.(this.read);
      if (!r.ok) {
        this.problem('metric_undecodable', `metric #${r.index} could not be decoded: ${r.reason}`, null, { index: r.index });
        continue;
      }
      const m = r.metric;
      if (m.name === null || m.name === '') {
        if (m.alias !== null) this.unnamed.push(m);
        else this.problem('metric_unnamed', 'metric has neither a name nor an alias', m);
        continue;
      }
      const nul = nulField(m);
      if (nul) {
        this.problem('metric_name_invalid', `${nul} contains a NUL character, which PostgreSQL text cannot store`, m);
        continue;
      }
      const path = metricPath(this.devicePath, m.name);
      if (!path.ok) {
        this.problem('metric_name_invalid', path.reason, m);
        continue;
      }
      const collision = this.tracker.accept(m.name, path.path);
      if (collision) {
        const [a, b] = collision.names;
        const message =
          collision.kind === 'duplicate_name'
            ? `metric name "${a}" appears more than once in the birth; none of its definitions is applied`
            : `metric names "${a}" and "${b}" both map to ${collision.path}; neither is applied until one is renamed`;
        this.problem(collision.kind, message, m, { names: collision.names, uns_path: collision.path });
        continue;
      }
      const ord = ++this.accepted;
      this.ordOfName.set(m.name, ord);
      this.trackPlant(path.path);
      const bodies: string[] = [];
      for (const [key, value] of m.properties) bodies.push(propertyBody(key, value));
      const fp = createHash('md5').update(bodies.join('')).digest('hex');
      const storedFp = this.stored.get(m.name);
      const propsStaged = storedFp !== fp;
      const createdProps = storedFp === undefined ? createdPropertiesJson(m.properties) : null;
      metricLines.push(metricLine({ ord, name: m.name, path: path.path, datatype: m.datatype, alias: m.alias, fp, propsStaged, createdProps }));
      if (propsStaged) for (const body of bodies) yield `${ord}\t${body}`;
    }
    if (countRead) this.onProgress?.(this.read);
  }

  problem(code: QuarantineCode, message: string, metric: BirthMetric | null, details: Record<string, unknown> = {}): void {
    const summary = metric && { name: metric.name, alias: metric.alias, datatype: metric.datatype, properties: Object.fromEntries(metric.properties) };
    this.problems.push({
      topic: this.topic,
      code,
      message,
      details: { ...details, ...(metric ? { name: metric.name } : {}) },
      payload: summary ? Buffer.from(JSON.stringify(summary, bigintReplacer)) : null,
    });
  }

  withdrawnOrds(): number[] {
    return [...this.withdrawn].map((n) => this.ordOfName.get(n)).filter((o): o is number => o !== undefined);
  }

  /** The first segment below the device when every metric shares it, else null. */
  plant(): string | null {
    return this.firstSegment ?? null;
  }

  private trackPlant(path: string): void {
    if (this.firstSegment === null) return;
    const seg = path.slice(this.devicePath.length + 1).split('/', 1)[0] ?? '';
    if (this.firstSegment === undefined) this.firstSegment = seg;
    else if (this.firstSegment !== seg) this.firstSegment = null;
  }
}

/** PostgreSQL text cannot hold U+0000; protobuf strings can. */
function nulField(m: BirthMetric): string | null {
  if (m.name?.includes('\u0000')) return 'the metric name';
  for (const [key, v] of m.properties) {
    if (key.includes('\u0000')) return `property key "${key.replaceAll('\u0000', '\\0')}"`;
    if (v.type === 'string' && v.value.includes('\u0000')) return `property "${key}"`;
  }
  return null;
}
