// The body of one birth's transaction: classify the metrics against the stored index while decoding,
// stage what is new or changed with COPY, then merge set-based (merge.ts). Unchanged metrics cost
// nothing in PostgreSQL; an identical birth (device-identity.ts) or the metrics a rebirth declares as
// before (declarations.ts) are not even decoded. Transaction, locking and errors are birth-writer.ts's.

import type pg from 'pg';
import type { Birth, MetricResult } from '../sparkplug/birth.js';
import { AppError } from '../errors.js';
import { metricsParsedTotal } from '../metrics.js';
import * as sql from './merge.js';
import { recordQuarantine, type QuarantineEntry } from './quarantine.js';
import { CREATE_STAGING, COPY_METRICS, COPY_PROPS, COPY_PROPS_DIRECT, copyLines } from './staging.js';
import { StagedBirth } from './staged-birth.js';
import { upsertDevice } from './device.js';
import { loadPartialIndex, loadStoredIndex, type StoredIndex } from './stored-index.js';
import { reserveIds, type ReservedIds } from './reserved-ids.js';
import { SpillFile } from './spill-file.js';
import { createdPositions, metricLines } from './metric-lines.js';
import { emptyOutcome, type BirthOutcome, type WriterOptions } from './outcome.js';
import { crossScopeAliases } from './scope-aliases.js';
import { dropStaged, jsonNumber, keepTemplates, takenPaths, withdrawnOrds } from './merge-steps.js';
import { holdsKnown, knownPlant } from './declared-checks.js';
import { birthIdentity, identitySalt, rememberIdentity, unchangedMetrics } from './device-identity.js';
import {
  DeclaredIds,
  declarationSalt,
  encodeDeclarations,
  loadDeclarations,
  matchDeclarations,
  pairsOf,
  type DeclarationMatch,
  type StoredDeclarations,
} from './declarations.js';

const SPILL_FROM_METRICS = 20_000;
/** Decoded metrics take ~1–2 KB each while held; a 1 % property delta of a 98k-metric device changes ~8,000. */
const READ_AHEAD_METRICS = 10_000;
const ANALYZE_DIFF_FROM = 50_000;

export async function mergeBirth(
  client: pg.PoolClient,
  birth: Birth,
  path: string,
  opts: WriterOptions,
): Promise<BirthOutcome> {
  const out = emptyOutcome(birth.topic, path);
  const { group, edge, device } = birth.parsed;
  // What the device's metrics were declared as is read while the birth's own declarations are hashed
  // (the longest step of a delta before the database has any work); an unchanged rebirth reads it in vain.
  const salt = declarationSalt(identitySalt(birth, path));
  const priorQuery = birth.declarations ? loadDeclarations(client, birth.parsed, salt) : Promise.resolve(null);
  // The hot path of a broker restart: the birth declares exactly what the device's rows came from.
  const identity = birthIdentity(birth, path);
  const prior = await priorQuery;
  const unchanged = identity === null ? null : await unchangedMetrics(client, birth.parsed, identity);
  if (unchanged !== null) return unchangedBirth(client, birth, opts, out, unchanged);
  await client.query(CREATE_STAGING);
  // A birth with an identity has no Template metric (identity-fingerprint.ts): no need to look for one.
  const templates = identity === null && (birth.hasTemplates?.() ?? false);
  const source = JSON.stringify({
    topic: birth.topic,
    seq: jsonNumber(birth.header.seq),
    timestamp: jsonNumber(birth.header.timestamp),
  });
  // Births with an identity (no DataSet, no Template) keep what each metric declared, and a rebirth
  // matches its metrics against that first: only the changed ones are decoded and compared.
  const hashes = identity === null ? null : (birth.declarations?.() ?? null);
  const decl = hashes ? { hashes, salt } : null;
  if (decl && prior) {
    const declared = await declaredRebirth(client, birth, path, opts, { identity, source, decl, prior });
    if (declared) return declared;
  }
  const index = await loadStoredIndex(client, group, edge, device);
  // A device's first birth (nothing stored): ids are reserved up front and properties go straight into
  // metric_properties, checked against their metric rows at commit. Otherwise they are staged and diffed.
  // Not with Template instances: their members are more metrics than the birth's count of ids.
  const direct = index.metrics.size === 0 && (birth.metricCount ?? 0) > 0 && !templates;
  const directIds = direct ? await reserveIds(client, birth.metricCount as number) : undefined;
  // Only a big first birth spills its metric rows: a file per birth costs more than a few MB of rows.
  const spill = direct && (birth.metricCount ?? 0) >= SPILL_FROM_METRICS ? new SpillFile() : null;
  const recorder = decl && !direct ? new DeclaredIds() : null;
  try {
    return await stageAndMerge(client, birth, path, opts, {
      out,
      identity,
      index,
      source,
      templates,
      directIds,
      spill,
      decl,
      recorder,
      match: null,
    });
  } finally {
    spill?.remove();
  }
}

/** Thrown inside a declared rebirth that needs the full comparison after all (rolled back to its savepoint). */
class CompareInFull extends Error {}

/**
 * A rebirth whose device keeps its declarations: the known metrics are accepted unread and only the
 * others' stored rows are loaded. Null when the birth must be compared in full (nothing kept, most
 * metrics changed, or something the full comparison reports: a duplicate, a collision, a rename, a
 * quarantined metric).
 */
async function declaredRebirth(
  client: pg.PoolClient,
  birth: Birth,
  path: string,
  opts: WriterOptions,
  p: { identity: string | null; source: string; decl: Declarations; prior: StoredDeclarations },
): Promise<BirthOutcome | null> {
  const { prior } = p;
  const match = matchDeclarations(prior.entries, p.decl.hashes);
  if (match.unmatched.length > match.knownCount) return null;
  const names: string[] = [];
  for (const position of match.unmatched) {
    const name = birth.nameAt?.(position);
    if (name) names.push(name);
  }
  const indexQuery = loadPartialIndex(client, prior.deviceId, names, match.unmatchedIds);
  // The changed metrics are decoded while the database looks up their stored rows (a bounded number
  // held at once: the rest are decoded as they are staged).
  const decoded = birth.readAhead?.(match.unmatched.slice(0, READ_AHEAD_METRICS));
  const index = await indexQuery;
  const open = new Set(match.unmatchedIds);
  // An active stored metric that is not among the unmatched ones is declared by a known position too.
  for (const s of index.metrics.values()) if (!s.retired && !open.has(s.id)) return null;
  const known = {
    positions: match.known,
    count: match.knownCount,
    plant: prior.plant ?? knownPlant(birth, path, match),
  };
  await client.query('SAVEPOINT declared');
  try {
    return await stageAndMerge(client, birth, path, opts, {
      out: emptyOutcome(birth.topic, path),
      identity: p.identity,
      index,
      source: p.source,
      templates: false,
      directIds: undefined,
      spill: null,
      decl: p.decl,
      recorder: new DeclaredIds(),
      match: { ...match, entries: prior.entries, deviceId: prior.deviceId, plant: known.plant },
      decoded,
    });
  } catch (err) {
    if (!(err instanceof CompareInFull)) throw err;
    await client.query('ROLLBACK TO SAVEPOINT declared');
    return null;
  }
}

interface Declarations {
  hashes: Buffer;
  salt: Buffer;
}

interface Prepared {
  out: BirthOutcome;
  identity: string | null;
  index: StoredIndex;
  source: string;
  templates: boolean;
  directIds: ReservedIds | undefined;
  spill: SpillFile | null;
  decl: Declarations | null;
  /** Collects the ids of the declared metrics (not for a first birth: its ids follow positions). */
  recorder: DeclaredIds | null;
  /** A declared rebirth: what matched the stored declarations; `index` holds only the other metrics. */
  match: (DeclarationMatch & { entries: Buffer; deviceId: bigint; plant: string | null }) | null;
  /** Metrics of a declared rebirth decoded ahead, by position (Birth.readAhead). */
  decoded?: ReadonlyMap<number, readonly MetricResult[]> | undefined;
}

async function stageAndMerge(
  client: pg.PoolClient,
  birth: Birth,
  path: string,
  opts: WriterOptions,
  p: Prepared,
): Promise<BirthOutcome> {
  const { out, identity, index, source, templates, directIds, spill, match } = p;
  const { group, edge, device } = birth.parsed;
  const direct = directIds !== undefined;
  if (direct) await client.query('SET CONSTRAINTS uns_meta.metric_properties_metric_id_fkey DEFERRED');
  const propsCopy = direct ? COPY_PROPS_DIRECT : COPY_PROPS;
  const staged = new StagedBirth(birth.topic, path, {
    index,
    source,
    directIds,
    onProgress: opts.onProgress,
    ...(spill ? { spill: spill.write } : {}),
    // Without Template instances a position is the metric's index: names are read again, not kept.
    ...(birth.nameAt && !templates ? { nameAt: birth.nameAt } : {}),
    ...(match ? { known: { positions: match.known, count: match.knownCount, plant: match.plant } } : {}),
    ...(p.recorder ? { declared: p.recorder } : {}),
  });
  // A rebirth reads the metrics it knows byte for byte no further than their identity (metric-scan.ts),
  // and those whose declaration is stored not at all.
  const metrics = direct
    ? birth.metrics()
    : birth.metrics(
        staged.light,
        match ? { wanted: new Set(match.unmatched), ...(p.decoded ? { decoded: p.decoded } : {}) } : {},
      );
  const copied = await copyLines(client, propsCopy, staged.stage(metrics));
  if (direct) out.propertiesWritten += copied;
  if (match && (staged.problems.length > 0 || (await holdsKnown(client, birth, staged, index))))
    throw new CompareInFull();
  if (match) out.declared = match.knownCount;
  metricsParsedTotal.inc(staged.read);
  if (staged.read > 0 && staged.accepted === 0) {
    throw new AppError(
      'birth_rejected',
      `none of the ${staged.read} metrics of the birth could be read: ${staged.problems[0]?.message ?? ''}`,
    );
  }
  const goneMetrics = staged.gone();
  const gone = goneMetrics.map((g) => g.id);
  const candidates = opts.renameByFingerprint ? staged.renameCandidates(new Set(gone)) : new Set();
  if (match && candidates.size > 0) throw new CompareInFull();
  const fresh = staged.rows.filter((r) => r.op === null && !candidates.has(r));
  const ids = fresh.length ? (await client.query<{ id: bigint }>(sql.RESERVE_IDS, [fresh.length])).rows : [];
  fresh.forEach((r, i) => Object.assign(r, { metricId: ids[i]?.id, op: 'created' }));
  if (spill) await spill.copyInto(client, COPY_METRICS);
  else {
    const created = createdPositions(staged.rows);
    // Read again only where a 'created' diff needs the full metric (positions are indexes without Templates).
    const again = templates
      ? birth.metrics((_m, position) => !created.has(position))
      : birth.metrics(undefined, { wanted: created });
    await copyLines(client, COPY_METRICS, metricLines(staged.rows, again, source));
  }
  out.propertiesWritten -= await dropStaged(client, await withdrawnOrds(client, staged, spill !== null), direct);
  // Fresh statistics of the join columns, or the planner plans the joins below for a handful of rows.
  // stg_prop needs none (sampling it took two thirds of this statement in a 1 % delta): the planner reads
  // its row count off its size, and it is joined only by stg_metric's ord, whose statistics say it is unique.
  await client.query('ANALYZE stg_metric (ord, metric_id, op, props_staged, alias)');

  const deviceId = await upsertDevice(client, { group, edge, device, path, plant: staged.plant() });
  if (candidates.size > 0) await client.query(sql.MATCH_BY_FINGERPRINT, [gone]);
  await client.query(sql.ASSIGN_IDS);
  const taken = await takenPaths(client, birth.topic, staged);
  out.propertiesWritten -= await dropStaged(client, taken, direct);

  const count = async (q: string, params: unknown[] = []) => (await client.query(q, params)).rowCount ?? 0;
  // A declared rebirth's partial index carried the stored metadata into the staged rows already.
  if (!match) await client.query(sql.OLD_METADATA);
  await client.query(sql.UPDATE_METRICS);
  out.metrics.created = await count(sql.INSERT_METRICS, [deviceId]);
  if (!direct) out.propertiesWritten += await count(sql.INSERT_NEW_PROPERTIES);
  // Statistics pay for themselves only on a big diff: a few thousand changes are joined by index either way.
  if ((await count(sql.DIFF_PROPERTIES)) > ANALYZE_DIFF_FROM) await client.query('ANALYZE prop_change');
  for (const q of sql.WRITE_CHANGED_PROPERTIES) out.propertiesWritten += await count(q);
  out.propertiesWritten += await count(sql.DELETE_REMOVED_PROPERTIES);
  out.versions += await count(sql.VERSIONS_CREATED, [opts.changedBy]);
  const changed = await client.query<{ op: 'updated' | 'renamed' | 'restored' }>(sql.VERSIONS_CHANGED, [
    opts.changedBy,
    source,
  ]);
  for (const { op } of changed.rows) out.metrics[op] += 1;
  out.versions += changed.rowCount ?? 0;
  for (const q of sql.SAVE_FINGERPRINTS) await client.query(q);
  if (staged.rawFpRefresh.length > 0) {
    await client.query(sql.REFRESH_RAW_FINGERPRINTS, [
      staged.rawFpRefresh.map((r) => r.id),
      staged.rawFpRefresh.map((r) => r.rawFp),
    ]);
  }
  await client.query(sql.LINEAGE);
  out.metrics.retired = gone.length ? await count(sql.RETIRE, [gone, opts.changedBy, source]) : 0;
  out.versions += out.metrics.retired;
  out.metrics.unchanged =
    staged.accepted - staged.withdrawn.size - taken.length - out.metrics.created - (changed.rowCount ?? 0);

  const [removeAliases, addAliases] = sql.SYNC_ALIASES as [string, string];
  await client.query(removeAliases, [group, edge, device, goneMetrics.map((g) => g.name)]);
  await client.query(addAliases, [group, edge, device]);
  if (opts.session != null) {
    const others = await crossScopeAliases(client, birth, opts.session, staged.problems);
    if (others.length > 0) out.aliasesDroppedFrom = others;
  }
  if (birth.parsed.type === 'NBIRTH' && birth.templates) await keepTemplates(client, birth, staged.problems);
  await recordQuarantine(client, staged.problems, opts.quarantinePayloadMaxBytes);
  out.quarantined = staged.problems.length;
  const m = out.metrics;
  const clean = staged.problems.length === 0 && identity !== null;
  const declarations = clean && candidates.size === 0 ? declarationsAfter(p, staged, birth.metricCount ?? 0) : null;
  await rememberIdentity(
    client,
    deviceId,
    clean ? identity : null,
    m.created + m.updated + m.renamed + m.restored + m.unchanged,
    declarations,
  );
  const conflicts = await client.query<{ canary_id: string; paths: string[] }>(sql.CANARY_CONFLICTS);
  out.canaryConflicts = conflicts.rows.map((r) => ({ canaryId: r.canary_id, paths: r.paths }));
  return out;
}

/** What each active metric was declared as after this birth (declarations.ts); null: not known. */
function declarationsAfter(p: Prepared, staged: StagedBirth, metricCount: number): Buffer | null {
  const { decl, directIds, match, recorder } = p;
  if (!decl) return null;
  if (directIds) {
    // A first birth without a problem accepted every metric, in order: the n-th took the n-th id.
    if (staged.accepted !== metricCount) return null;
    return encodeDeclarations(decl.salt, decl.hashes, {
      count: metricCount,
      position: (i) => i,
      id: (i) => directIds.at(i),
    });
  }
  const resolved = recorder?.resolved();
  if (!resolved) return null;
  return encodeDeclarations(
    decl.salt,
    decl.hashes,
    pairsOf(resolved),
    match ? { entries: match.entries, used: match.used } : undefined,
  );
}

/** A birth whose identity fingerprint is the stored one: nothing to stage; aliases still checked across scopes. */
async function unchangedBirth(
  client: pg.PoolClient,
  birth: Birth,
  opts: WriterOptions,
  out: BirthOutcome,
  metrics: number,
): Promise<BirthOutcome> {
  metricsParsedTotal.inc(metrics);
  out.metrics.unchanged = metrics;
  out.identical = true;
  if (opts.session == null) return out;
  // The cross-scope check reads the (here empty) staging table.
  await client.query(CREATE_STAGING);
  const problems: QuarantineEntry[] = [];
  const others = await crossScopeAliases(client, birth, opts.session, problems);
  if (others.length > 0) out.aliasesDroppedFrom = others;
  await recordQuarantine(client, problems, opts.quarantinePayloadMaxBytes);
  out.quarantined = problems.length;
  return out;
}
