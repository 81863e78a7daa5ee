// Operator-declared rename (`uns-meta metrics rename`): the metric keeps its metric_id, gets the new
// name and path, a lineage row and a 'renamed' version, so the edge's later birth matches it by name.

import type pg from 'pg';
import { withTransaction, xactLock } from '../db.js';
import { deviceLockKey } from './device.js';
import { AppError } from '../errors.js';
import { metricPath } from '../uns/identity.js';

export interface RenameResult {
  metricId: bigint;
  old: { name: string; uns_path: string };
  new: { name: string; uns_path: string };
}

/** `target` is a new metric name, or a full UNS path under the same device. */
export async function renameMetric(
  pool: pg.Pool,
  oldPath: string,
  target: string,
  changedBy: string,
): Promise<RenameResult> {
  return withTransaction(pool, async (client) => {
    const device = await client.query<{ group_id: string; edge: string; device: string }>(
      `SELECT d.group_id, d.edge, d.device FROM uns_meta.metrics m JOIN uns_meta.devices d USING (device_id) WHERE m.uns_path = $1`,
      [oldPath],
    );
    const d = device.rows[0];
    if (!d)
      throw new AppError(
        'not_found',
        `no metric has the UNS path ${oldPath}; check it with the dashboard or uns_meta.metrics`,
      );
    await xactLock(client, deviceLockKey(d.group_id, d.edge, d.device));
    const found = await client.query<{ metric_id: bigint; name: string; uns_path: string; device_path: string }>(
      `SELECT m.metric_id, m.name, m.uns_path, d.uns_path AS device_path
       FROM uns_meta.metrics m JOIN uns_meta.devices d USING (device_id) WHERE m.uns_path = $1`,
      [oldPath],
    );
    const m = found.rows[0];
    if (!m) throw new AppError('not_found', `metric ${oldPath} was renamed meanwhile; look it up again`);
    const name = target.startsWith(m.device_path + '/') ? target.slice(m.device_path.length + 1) : target;
    const path = metricPath(m.device_path, name);
    if (!path.ok) throw new AppError('usage', `cannot rename to "${target}": ${path.reason}`);
    const taken = await client.query(
      'SELECT name FROM uns_meta.metrics WHERE uns_path = $1 OR (device_id = (SELECT device_id FROM uns_meta.metrics WHERE metric_id = $2) AND name = $3)',
      [path.path, m.metric_id, name],
    );
    if ((taken.rowCount ?? 0) > 0)
      throw new AppError(
        'usage',
        `cannot rename to "${target}": metric "${taken.rows[0].name}" already holds that name or path`,
      );
    await client.query('UPDATE uns_meta.metrics SET name = $2, uns_path = $3 WHERE metric_id = $1', [
      m.metric_id,
      name,
      path.path,
    ]);
    await client.query(
      `INSERT INTO uns_meta.metric_path_lineage (metric_id, old_uns_path, new_uns_path) VALUES ($1, $2, $3)
       ON CONFLICT ON CONSTRAINT uq_lineage DO NOTHING`,
      [m.metric_id, m.uns_path, path.path],
    );
    await client.query('INSERT INTO uns_meta.metric_versions (metric_id, changed_by, diff) VALUES ($1, $2, $3)', [
      m.metric_id,
      changedBy,
      JSON.stringify({
        op: 'renamed',
        uns_path: { old: m.uns_path, new: path.path },
        source: { command: 'metrics rename', name: { old: m.name, new: name } },
      }),
    ]);
    return { metricId: m.metric_id, old: { name: m.name, uns_path: m.uns_path }, new: { name, uns_path: path.path } };
  });
}
