// The body of one birth's transaction: classify the metrics against the stored index while decoding,
// stage what is new or changed with COPY, then merge set-based (merge.ts). Unchanged metrics cost
// nothing in PostgreSQL. The transaction, locking and error handling are birth-writer.ts's.

import type pg from 'pg';
import type { Birth } from '../sparkplug/birth.js';
import { AppError } from '../errors.js';
import { metricsParsedTotal } from '../metrics.js';
import * as sql from './merge.js';
import { recordQuarantine, type QuarantineEntry } from './quarantine.js';
import { CREATE_STAGING, COPY_METRICS, COPY_PROPS, COPY_PROPS_DIRECT, copyLines } from './staging.js';
import { StagedBirth } from './staged-birth.js';
import { nodeAliasLockKey, upsertDevice } from './device.js';
import { xactLock } from '../db.js';
import { loadStoredIndex, type StoredIndex } from './stored-index.js';
import { reserveIds, type ReservedIds } from './reserved-ids.js';
import { SpillFile } from './spill-file.js';
import { createdPositions, metricLines } from './metric-lines.js';
import { replaceTemplateDefinitions } from './template-definitions.js';
import { emptyOutcome, type BirthOutcome, type WriterOptions } from './outcome.js';
import { birthIdentity, forgetIdentities, rememberIdentity, unchangedMetrics } from './device-identity.js';

const SPILL_FROM_METRICS = 20_000;

export async function mergeBirth(client: pg.PoolClient, birth: Birth, path: string, opts: WriterOptions): Promise<BirthOutcome> {
  const out = emptyOutcome(birth.topic, path);
  const { group, edge, device } = birth.parsed;
  // The hot path of a broker restart: the birth declares exactly what the device's rows came from.
  const identity = birthIdentity(birth, path);
  const unchanged = identity === null ? null : await unchangedMetrics(client, birth.parsed, identity);
  if (unchanged !== null) return unchangedBirth(client, birth, opts, out, unchanged);
  await client.query(CREATE_STAGING);
  const index = await loadStoredIndex(client, group, edge, device);
  const templates = birth.hasTemplates?.() ?? false;
  const source = JSON.stringify({ topic: birth.topic, seq: jsonNumber(birth.header.seq), timestamp: jsonNumber(birth.header.timestamp) });
  // A device's first birth (nothing stored): ids are reserved up front and properties go straight into
  // metric_properties, checked against their metric rows at commit. Otherwise they are staged and diffed.
  // Not with Template instances: their members are more metrics than the birth's count of ids.
  const direct = index.metrics.size === 0 && (birth.metricCount ?? 0) > 0 && !templates;
  const directIds = direct ? await reserveIds(client, birth.metricCount as number) : undefined;
  // Only a big first birth spills its metric rows: a file per birth costs more than a few MB of rows.
  const spill = direct && (birth.metricCount ?? 0) >= SPILL_FROM_METRICS ? new SpillFile() : null;
  try {
    return await stageAndMerge(client, birth, path, opts, { out, identity, index, source, templates, directIds, spill });
  } finally {
    spill?.remove();
  }
}

interface Prepared {
  out: BirthOutcome;
  identity: string | null;
  index: StoredIndex;
  source: string;
  templates: boolean;
  directIds: ReservedIds | undefined;
  spill: SpillFile | null;
}

async function stageAndMerge(client: pg.PoolClient, birth: Birth, path: string, opts: WriterOptions, p: Prepared): Promise<BirthOutcome> {
  const { out, identity, index, source, templates, directIds, spill } = p;
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
  });
  // A rebirth reads the metrics it knows byte for byte no further than their identity (metric-scan.ts).
  const copied = await copyLines(client, propsCopy, staged.stage(direct ? birth.metrics() : birth.metrics(staged.light)));
  if (direct) out.propertiesWritten += copied;
  metricsParsedTotal.inc(staged.read);
  if (staged.read > 0 && staged.accepted === 0) {
    throw new AppError('birth_rejected', `none of the ${staged.read} metrics of the birth could be read: ${staged.problems[0]?.message ?? ''}`);
  }
  const goneMetrics = staged.gone();
  const gone = goneMetrics.map((g) => g.id);
  const candidates = opts.renameByFingerprint ? staged.renameCandidates(new Set(gone)) : new Set();
  const fresh = staged.rows.filter((r) => r.op === null && !candidates.has(r));
  const ids = fresh.length ? (await client.query<{ id: bigint }>(sql.RESERVE_IDS, [fresh.length])).rows : [];
  fresh.forEach((r, i) => Object.assign(r, { metricId: ids[i]?.id, op: 'created' }));
  if (spill) await spill.copyInto(client, COPY_METRICS);
  else {
    const created = createdPositions(staged.rows);
    // Read again only where a 'created' diff needs the full metric (positions are indexes without Templates).
    const again = templates ? birth.metrics((_m, position) => !created.has(position)) : birth.metrics(undefined, { wanted: created });
    await copyLines(client, COPY_METRICS, metricLines(staged.rows, again, source));
  }
  out.propertiesWritten -= await dropStaged(client, await withdrawnOrds(client, staged, spill !== null), direct);
  // Fresh statistics of the join columns, or the planner plans the joins below for a handful of rows.
  await client.query('ANALYZE stg_metric (ord, metric_id, op, props_staged, alias); ANALYZE stg_prop (ord)');

  const deviceId = await upsertDevice(client, { group, edge, device, path, plant: staged.plant() });
  if (candidates.size > 0) await client.query(sql.MATCH_BY_FINGERPRINT, [gone]);
  await client.query(sql.ASSIGN_IDS);
  const taken = await takenPaths(client, birth.topic, staged);
  out.propertiesWritten -= await dropStaged(client, taken, direct);

  const count = async (q: string, params: unknown[] = []) => (await client.query(q, params)).rowCount ?? 0;
  await client.query(sql.OLD_METADATA);
  await client.query(sql.UPDATE_METRICS);
  out.metrics.created = await count(sql.INSERT_METRICS, [deviceId]);
  if (!direct) out.propertiesWritten += await count(sql.INSERT_NEW_PROPERTIES);
  await client.query(sql.DIFF_PROPERTIES);
  await client.query('ANALYZE prop_change');
  for (const q of sql.WRITE_CHANGED_PROPERTIES) out.propertiesWritten += await count(q);
  out.propertiesWritten += await count(sql.DELETE_REMOVED_PROPERTIES);
  out.versions += await count(sql.VERSIONS_CREATED, [opts.changedBy]);
  const changed = await client.query<{ op: 'updated' | 'renamed' | 'restored' }>(sql.VERSIONS_CHANGED, [opts.changedBy, source]);
  for (const { op } of changed.rows) out.metrics[op] += 1;
  out.versions += changed.rowCount ?? 0;
  for (const q of sql.SAVE_FINGERPRINTS) await client.query(q);
  if (staged.rawFpRefresh.length > 0) {
    await client.query(sql.REFRESH_RAW_FINGERPRINTS, [staged.rawFpRefresh.map((r) => r.id), staged.rawFpRefresh.map((r) => r.rawFp)]);
  }
  await client.query(sql.LINEAGE);
  out.metrics.retired = gone.length ? await count(sql.RETIRE, [gone, opts.changedBy, source]) : 0;
  out.versions += out.metrics.retired;
  out.metrics.unchanged = staged.accepted - staged.withdrawn.size - taken.length - out.metrics.created - (changed.rowCount ?? 0);

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
  await rememberIdentity(client, deviceId, staged.problems.length === 0 ? identity : null, m.created + m.updated + m.renamed + m.restored + m.unchanged);
  const conflicts = await client.query<{ canary_id: string; paths: string[] }>(sql.CANARY_CONFLICTS);
  out.canaryConflicts = conflicts.rows.map((r) => ({ canaryId: r.canary_id, paths: r.paths }));
  return out;
}

/** A birth whose identity fingerprint is the stored one: nothing to stage; aliases still checked across scopes. */
async function unchangedBirth(client: pg.PoolClient, birth: Birth, opts: WriterOptions, out: BirthOutcome, metrics: number): Promise<BirthOutcome> {
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

/** Staging ordinals of the withdrawn metrics (spilled rows are only in stg_metric). */
async function withdrawnOrds(client: pg.PoolClient, staged: StagedBirth, spilled: boolean): Promise<number[]> {
  if (!spilled || staged.withdrawn.size === 0) return staged.withdrawnOrds();
  const r = await client.query<{ ord: number }>('SELECT ord FROM stg_metric WHERE name = ANY($1::text[])', [[...staged.withdrawn]]);
  return r.rows.map((row) => row.ord);
}

/** Takes staged metrics out again (collisions, taken paths); returns the properties deleted with them. */
async function dropStaged(client: pg.PoolClient, ords: number[], direct: boolean): Promise<number> {
  if (ords.length === 0) return 0;
  const dropped = await client.query<{ metric_id: string | null }>(sql.DROP_STAGED, [ords]);
  if (!direct) return 0;
  const ids = dropped.rows.map((row) => row.metric_id);
  const r = await client.query('DELETE FROM uns_meta.metric_properties WHERE metric_id = ANY($1::bigint[])', [ids]);
  return r.rowCount ?? 0;
}

/** New or moved metrics whose path another stored metric holds are quarantined; returns their ordinals. */
async function takenPaths(client: pg.PoolClient, topic: string, staged: StagedBirth): Promise<number[]> {
  const taken = await client.query<{ ord: number; name: string; uns_path: string; holder: string }>(sql.PATH_TAKEN);
  for (const t of taken.rows) {
    staged.problems.push({
      topic,
      code: 'uns_path_taken',
      message: `metric "${t.name}" maps to ${t.uns_path}, which stored metric "${t.holder}" already holds; rename one of them`,
      details: { name: t.name, uns_path: t.uns_path, holder: t.holder },
    });
  }
  return taken.rows.map((t) => t.ord);
}

function jsonNumber(v: bigint | null): number | string | null {
  if (v === null) return null;
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

/** The NBIRTH's Template definitions replace the node's; an unreadable one is quarantined, the rest kept. */
async function keepTemplates(client: pg.PoolClient, birth: Birth, problems: QuarantineEntry[]): Promise<void> {
  const defs = [];
  for (const d of birth.templates?.() ?? []) {
    if (d.ok) defs.push(d.definition);
    else problems.push({ topic: birth.topic, code: 'metric_undecodable', message: d.reason });
  }
  await replaceTemplateDefinitions(client, birth.parsed.group, birth.parsed.edge, defs);
}

/**
 * Aliases are unique per edge node: one that two scopes of the node's current session claim would make
 * DATA resolve to the wrong metric. Both claims lose the alias and are quarantined (alias_duplicate);
 * the metrics themselves stay. Checked in full at the scope's first birth of a session, else only for
 * the aliases this birth changed.
 */
async function crossScopeAliases(client: pg.PoolClient, birth: Birth, session: bigint, problems: QuarantineEntry[]): Promise<string[]> {
  const { group, edge, device } = birth.parsed;
  await xactLock(client, nodeAliasLockKey(group, edge));
  const prev = await client.query<{ bdseq: string | null }>('SELECT bdseq::text FROM uns_meta_sync.births WHERE group_id = $1 AND edge = $2 AND device = $3', [group, edge, device]);
  const full = prev.rows[0]?.bdseq !== session.toString();
  const mine = await client.query<{ alias: string; name: string }>(sql.SCOPE_ALIASES, [group, edge, device, full]);
  if (mine.rows.length === 0) return [];
  const nameOf = new Map(mine.rows.map((r) => [r.alias, r.name]));
  const others = await client.query<{ alias: string; device: string; name: string }>(sql.OTHER_HOLDERS, [group, edge, device, session.toString(), [...nameOf.keys()]]);
  if (others.rows.length === 0) return [];
  const drop = { devices: [] as string[], aliases: [] as string[] };
  for (const o of others.rows) {
    const myName = nameOf.get(o.alias) as string;
    const other = o.device === '' ? `spBv1.0/${group}/NBIRTH/${edge}` : `spBv1.0/${group}/DBIRTH/${edge}/${o.device}`;
    const message = `alias ${o.alias} is used by "${myName}" (${birth.topic}) and "${o.name}" (${other}) in one node session; DATA naming it cannot be resolved, so neither keeps it`;
    const details = { alias: o.alias, names: [myName, o.name], scopes: [birth.topic, other] };
    problems.push({ topic: birth.topic, code: 'alias_duplicate', message, details: { ...details, name: myName } });
    problems.push({ topic: other, code: 'alias_duplicate', message, details: { ...details, name: o.name } });
    drop.devices.push(device, o.device);
    drop.aliases.push(o.alias, o.alias);
  }
  await client.query(sql.DROP_ALIASES, [group, edge, drop.devices, drop.aliases]);
  await forgetIdentities(client, group, edge, drop.devices);
  return [...new Set(others.rows.map((o) => o.device))];
}
