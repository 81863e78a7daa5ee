// Classifies the metrics of a birth while they are decoded, against what the store holds for the
// device: unchanged metrics are only counted; new and changed ones become staging rows (property rows
// only when the property fingerprint differs). Also identity, collisions, plant and quarantine problems.

import { hash } from 'node:crypto';
import type { BirthMetric, LightHook, MetricResult } from '../sparkplug/birth.js';
import { AppError } from '../errors.js';
import { metricPath } from '../uns/identity.js';
import { CollisionTracker } from '../uns/collisions.js';
import type { QuarantineCode, QuarantineEntry } from './quarantine.js';
import { BirthProblems } from './birth-problems.js';
import { metricLine, propertyBody, type StagedMetricRow } from './tsv.js';
import { createdDiffJson } from './property-json.js';
import { EMPTY_INDEX, type StoredIndex } from './stored-index.js';
import { metricFault } from './metric-validity.js';
import { clashesWithLight } from './light-clashes.js';
import { BirthNames } from './birth-names.js';
import type { ReservedIds } from './reserved-ids.js';
import type { DeclaredIds } from './declarations.js';

const PROGRESS_EVERY = 10_000;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export class StagedBirth {
  private readonly found: BirthProblems;
  /** What could not be applied, as quarantine entries (see birth-problems.ts). */
  readonly problems: QuarantineEntry[];
  /** Staging rows of new and changed metrics, in birth order. */
  readonly rows: StagedMetricRow[] = [];
  private readonly tracker: CollisionTracker;
  private readonly seen = new Set<string>();
  private readonly unchangedNames = new Set<string>();
  /** Metrics known byte for byte (read light, see metric-scan.ts): unchanged, never staged. */
  private readonly lightNames = new Set<string>();
  /** The path the light hook derived for the metric it just let through. */
  private lightPath = '';
  /** The stored id of the metric the light hook just let through. */
  private lightId = 0n;
  /** Metrics unchanged in full whose raw fingerprint is unknown or old: stored so the next birth is light. */
  readonly rawFpRefresh: Array<{ id: bigint; rawFp: string }> = [];
  /** Position of the metric holding each alias, keyed by number where the alias allows (every real one). */
  private readonly holderOfAlias = new Map<number | bigint, number>();
  private readonly names: BirthNames;
  private storedAliases: Map<bigint, string> | null = null;
  private firstSegment: string | null | undefined = undefined;
  read = 0;
  accepted = 0;
  /** Position in the birth's metric source of the metric being staged. */
  private at = -1;

  private readonly stored: StoredIndex;
  private readonly source: string;
  private readonly onProgress?: (n: number) => void;
  private readonly directIds: ReservedIds | null;
  private readonly spill: ((line: string) => void) | null;
  /** Metrics of a first birth written to `spill` (their rows are not kept). */
  private spilled = 0;
  private readonly known: Uint8Array | null;
  private readonly declared: DeclaredIds | null;

  /**
   * `index`: what the store holds for the device; `source`: JSON of the birth for version diffs;
   * `directIds`: ids reserved for a device's first birth — every metric is new, takes the next id, and
   * its property lines carry that id instead of the staging ordinal (they go straight into the table);
   * `spill`: with `directIds`, takes each metric's COPY line (with its 'created' diff) at once instead
   * of keeping its row, so a first birth's memory does not grow with its metrics' rows;
   * `known`: 1 at the positions whose declaration is stored unchanged (declarations.ts): accepted unread,
   * `index` then holds only the other metrics' rows; `knownPlant` is the plant those metrics share;
   * `declared`: collects the id of every accepted metric by position.
   */
  constructor(
    private readonly topic: string,
    private readonly devicePath: string,
    opts: {
      index?: StoredIndex;
      source?: string;
      directIds?: ReservedIds;
      spill?: (line: string) => void;
      nameAt?: (position: number) => string | null;
      onProgress?: (n: number) => void;
      known?: { positions: Uint8Array; count: number; plant: string | null };
      declared?: DeclaredIds;
    } = {},
  ) {
    this.found = new BirthProblems(topic);
    this.problems = this.found.entries;
    this.stored = opts.index ?? EMPTY_INDEX;
    this.source = opts.source ?? 'null';
    this.onProgress = opts.onProgress;
    this.directIds = opts.directIds ?? null;
    this.spill = opts.directIds && opts.spill ? opts.spill : null;
    this.names = new BirthNames(devicePath, opts.nameAt ?? null);
    this.tracker = new CollisionTracker(this.names);
    this.known = opts.known?.positions ?? null;
    if (opts.known && opts.known.count > 0) this.firstSegment = opts.known.plant;
    this.declared = opts.declared ?? null;
  }

  /**
   * For `birth.metrics(light)`: a metric whose name, alias, datatype, UNS path and raw fingerprint equal
   * an active stored metric's is exactly what was stored (and validated) before: read no further.
   */
  readonly light: LightHook = (m) => {
    if (m.name === null) return false;
    const s = this.stored.metrics.get(m.name);
    if (!s || s.retired || s.rawFp === '' || s.rawFp !== m.rawFp || s.datatype !== m.datatype || s.alias !== m.alias)
      return false;
    const path = metricPath(this.devicePath, m.name);
    if (!path.ok || path.path !== s.path) return false;
    this.lightPath = path.path;
    this.lightId = s.id;
    return true;
  };

  /** Yields property COPY lines of the staged metrics; metric rows collect in `rows`. */
  *stage(results: Iterable<MetricResult>): Generator<string> {
    this.at = -1;
    for (const r of results) {
      this.at += 1;
      if (++this.read % PROGRESS_EVERY === 0) this.onProgress?.(this.read);
      if (this.known?.[this.at] === 1) {
        this.accepted += 1;
        continue;
      }
      if (r.ok && r.light) {
        this.acceptLight(r.metric.name as string);
        continue;
      }
      if (!r.ok) {
        const what = r.code === undefined ? 'could not be decoded' : 'is invalid';
        this.problem(r.code ?? 'metric_undecodable', `metric #${r.index} ${what}: ${r.reason}`, null, {
          index: r.index,
        });
        continue;
      }
      const m = r.metric;
      // Declared by the birth, even when it cannot be applied: a stored metric of that name is not retired.
      if (m.name && this.stored.metrics.size > 0) this.seen.add(m.name);
      const check = metricFault(m, this.devicePath);
      if (!check.ok) {
        // A stored metric behind the alias of an unnamed one is still declared: refused, not retired.
        const stored = check.code === 'metric_unnamed' && m.alias !== null ? this.storedNameOf(m.alias) : undefined;
        if (stored !== undefined) this.seen.add(stored);
        this.problem(check.code, check.message, m, stored === undefined ? check.details : { stored_name: stored });
        continue;
      }
      const { name, path } = check;
      if (m.alias !== null && this.aliasTaken(m, name)) continue;
      if (this.lightNames.has(name)) {
        this.withdrawLight(name);
        this.found.collision('duplicate_name', [name, name], path, m, { names: [name, name], uns_path: path });
        continue;
      }
      this.names.keep(this.at, name);
      const collision = this.tracker.accept(name, path, this.at);
      if (collision) {
        const { kind, names, path: on } = collision;
        this.found.collision(kind, names, on, m, { names, uns_path: on });
        continue;
      }
      this.accepted += 1;
      this.trackPlant(path);
      yield* this.classify(m, name, path);
    }
    if (this.lightNames.size > 0 && this.rows.length > 0) this.checkAgainstLight();
    this.onProgress?.(this.read);
  }

  private acceptLight(name: string): void {
    if (this.lightNames.has(name) || this.seen.has(name)) {
      // The same name twice in one birth: neither definition is applied.
      if (this.lightNames.has(name)) this.withdrawLight(name);
      else this.tracker.withdraw(name);
      this.found.collision('duplicate_name', [name, name], '', null, { names: [name, name], name });
      return;
    }
    // One set for what a light metric needs (declared, unchanged, its name taken): the hot path of B2.
    this.lightNames.add(name);
    this.declared?.add(this.at, this.lightId);
    this.accepted += 1;
    this.trackPlant(this.lightPath);
  }

  private withdrawLight(name: string): void {
    this.tracker.withdrawn.add(name);
  }

  /** Light metrics skipped the collision and alias bookkeeping: staged rows are checked against them here. */
  private checkAgainstLight(): void {
    for (const c of clashesWithLight(this.rows, this.lightNames, this.stored)) {
      this.tracker.withdrawn.add(c.staged);
      this.withdrawLight(c.light);
      const names = [c.light, c.staged];
      if (c.kind === 'uns_path_collision') {
        this.found.collision(c.kind, [c.light, c.staged], c.path, null, { names, uns_path: c.path, name: c.staged });
        continue;
      }
      for (const name of names)
        this.found.aliasClaimedTwice(c.alias, [c.light, c.staged], name, null, { name, alias: String(c.alias), names });
    }
  }

  private *classify(m: BirthMetric, name: string, path: string): Generator<string> {
    const bodies: string[] = [];
    for (const [key, value] of m.properties) bodies.push(propertyBody(key, value));
    // The metadata joins the fingerprint only when present: metrics without any keep their old one.
    const fp = hash('md5', m.metadata === null ? bodies.join('') : `${bodies.join('')}\u0000${m.metadata}`);
    const s = this.stored.metrics.get(name);
    const propsStaged = s?.fp !== fp;
    if (s && !propsStaged && s.path === path && s.datatype === m.datatype && s.alias === m.alias && !s.retired) {
      this.unchangedNames.add(name);
      this.declared?.add(this.at, s.id);
      if (m.rawFp !== undefined && s.rawFp !== m.rawFp) this.rawFpRefresh.push({ id: s.id, rawFp: m.rawFp });
      return;
    }
    const n = this.rows.length + this.spilled;
    if (this.directIds && !s && n >= this.directIds.count) {
      // The caller reserves one id per metric of the birth; more results than that is a decoder bug.
      throw new AppError('decode_failed', `birth yields more than the ${this.directIds.count} metrics it declared`);
    }
    const row: StagedMetricRow = {
      ord: n + 1,
      name,
      path,
      datatype: m.datatype,
      alias: m.alias,
      metadata: m.metadata,
      fp,
      rawFp: m.rawFp ?? null,
      propsStaged,
      // Outside the birth's source (a metric named by alias) the diff cannot be rebuilt later: keep it.
      createdAt: s ? null : this.at,
      metricId: s?.id ?? this.directIds?.at(n) ?? null,
      op: s ? 'matched' : this.directIds ? 'created' : null,
      old: s ? { path: s.path, datatype: s.datatype, alias: s.alias, retired: s.retired, metadata: s.metadata } : null,
    };
    if (this.spill && !s) {
      this.spill(
        metricLine(
          { ...row, createdAt: null },
          createdDiffJson(m.properties, m.datatype, path, this.source, m.metadata),
        ),
      );
      this.spilled += 1;
    } else {
      this.rows.push(row);
      this.declared?.add(this.at, row);
    }
    const key = this.directIds ? row.metricId : row.ord;
    if (propsStaged) for (const body of bodies) yield `${key}\t${body}`;
  }

  /** The stored metric of the device holding `alias` (the map is built on first need). */
  private storedNameOf(alias: bigint): string | undefined {
    if (!this.storedAliases) {
      this.storedAliases = new Map();
      for (const [name, s] of this.stored.metrics)
        if (s.alias !== null && !s.retired) this.storedAliases.set(s.alias, name);
    }
    return this.storedAliases.get(alias);
  }

  /**
   * An alias two metrics of the birth claim: DATA naming it could mean either, so neither is applied
   * (the first, already staged, is withdrawn) and both are quarantined.
   */
  private aliasTaken(m: BirthMetric, name: string): boolean {
    const alias = m.alias as bigint;
    const key = alias <= MAX_SAFE ? Number(alias) : alias;
    const at = this.holderOfAlias.get(key);
    if (at === undefined) {
      this.names.keep(this.at, name);
      this.holderOfAlias.set(key, this.at);
      return false;
    }
    const holder = this.names.nameAt(at);
    const names: [string, string] = [holder, name];
    if (!this.tracker.withdrawn.has(holder)) {
      this.tracker.withdraw(holder);
      this.found.aliasClaimedTwice(alias, names, holder, null, { name: holder, alias: alias.toString(), names });
    }
    this.found.aliasClaimedTwice(alias, names, name, m, { alias: alias.toString(), names });
    return true;
  }

  problem(
    code: QuarantineCode,
    message: string,
    metric: BirthMetric | null,
    details: Record<string, unknown> = {},
  ): void {
    this.found.add(code, message, metric, details);
  }

  /** Names accepted first and withdrawn by a later collision: neither side is applied. */
  get withdrawn(): ReadonlySet<string> {
    return this.tracker.withdrawn;
  }

  /** Staging rows of withdrawn metrics, to take out again (their properties were already streamed). */
  withdrawnOrds(): number[] {
    const withdrawn = this.tracker.withdrawn;
    return withdrawn.size === 0 ? [] : this.rows.filter((r) => withdrawn.has(r.name)).map((r) => r.ord);
  }

  /** Accepted metrics identical to what is stored (not staged at all). */
  unchangedCount(): number {
    let n = this.unchangedNames.size + this.lightNames.size;
    for (const name of this.tracker.withdrawn) if (this.unchangedNames.has(name) || this.lightNames.has(name)) n -= 1;
    return n;
  }

  /** Active stored metrics the birth no longer declares: retired, unless a rename claims them. */
  gone(): Array<{ id: bigint; name: string }> {
    const out: Array<{ id: bigint; name: string }> = [];
    for (const [name, s] of this.stored.metrics)
      if (!s.retired && !this.seen.has(name) && !this.lightNames.has(name)) out.push({ id: s.id, name });
    return out;
  }

  /** New rows that might be renames of a gone metric (same alias and datatype): SQL compares their keys. */
  renameCandidates(gone: ReadonlySet<bigint>): Set<StagedMetricRow> {
    const byAlias = new Map<string, string>();
    for (const s of this.stored.metrics.values())
      if (gone.has(s.id) && s.alias !== null) byAlias.set(s.alias.toString(), s.datatype);
    return new Set(
      this.rows.filter((r) => r.op === null && r.alias !== null && byAlias.get(r.alias.toString()) === r.datatype),
    );
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
