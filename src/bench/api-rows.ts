// Set-based generation of the API benchmark's namespace (INSERT … SELECT generate_series): devices as
// group/site/line, metrics as area/equipment N/signal, like a cement plant's UNS. The path indexes of
// migration 0005 are dropped for the load and rebuilt from their own definitions (a bulk build).

import type { Pool } from '../db.js';

const GROUPS = ['Secil', 'Cimpor', 'Holcim', 'Cemex'];
const AREAS = ['Kiln', 'Raw Mill', 'Cement Mill', 'Cooler', 'Preheater', 'Packing', 'Crusher', 'Coal Mill'];
const EQUIPMENT = [
  'Motor',
  'Fan',
  'Pump',
  'Conveyor',
  'Valve',
  'Burner',
  'Separator',
  'Feeder',
  'Compressor',
  'Filter',
];
const SIGNALS = [
  'Temperature',
  'Pressure',
  'Speed',
  'Current',
  'Vibration',
  'Flow',
  'Level',
  'Power',
  'Position',
  'Status',
  'Torque',
  'Voltage',
];

/** Fragments an operator would type: common words, pieces across segments, rare exact stretches, a miss. */
export const FRAGMENTS = [
  'Temperature',
  'Mill/Fan',
  'ump 1',
  'Site07/Line3',
  'Cooler/Burner 12',
  'Vibra',
  'Line9/Kiln',
  'Packing/Valve 3/',
  'ressor 7/Pow',
  'Coal Mill',
  'Site1',
  'r/Sep',
  'Feeder 0',
  'Crusher/Motor 5/',
  'Filter 11/',
  'Site24/Line0/Preheater',
  'e 2/Current',
  'Raw Mill/Conveyor',
  'Valve 9/',
  'no-such-tag',
];

export async function generateApiRows(pool: Pool, devices: number, perDevice: number): Promise<number> {
  const sites = Math.max(1, Math.ceil(devices / GROUPS.length / 10));
  await pool.query(`SET maintenance_work_mem = '512MB'`);
  const defs = await pool.query<{ name: string; def: string }>(
    `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = 'uns_meta' AND indexname IN ('idx_metrics_uns_path_trgm', 'idx_metrics_uns_path_c')`,
  );
  for (const d of defs.rows) await pool.query(`DROP INDEX uns_meta.${d.name}`);
  await pool.query(
    `INSERT INTO uns_meta.devices (group_id, edge, device, uns_path)
     SELECT g, e, l, g || '/' || e || '/' || l FROM (
       SELECT ($1::text[])[1 + (n % cardinality($1::text[]))] AS g, 'Site' || lpad(((n / cardinality($1::text[])) % $2)::text, 2, '0') AS e,
              'Line' || (n / cardinality($1::text[]) / $2) AS l
       FROM generate_series(0, $3 - 1) n) x`,
    [GROUPS, sites, devices],
  );
  const r = await pool.query(
    `INSERT INTO uns_meta.metrics (device_id, name, uns_path, datatype)
     SELECT d.device_id, n.name, d.uns_path || '/' || n.name, 'Float'
     FROM uns_meta.devices d CROSS JOIN (
       SELECT ($1::text[])[1 + k % cardinality($1::text[])] || '/' || ($2::text[])[1 + (k / cardinality($1::text[])) % cardinality($2::text[])]
              || ' ' || (k / (cardinality($1::text[]) * cardinality($2::text[]))) || '/' || ($3::text[])[1 + (k * 7) % cardinality($3::text[])] AS name
       FROM generate_series(0, $4 - 1) k) n`,
    [AREAS, EQUIPMENT, SIGNALS, perDevice],
  );
  for (const d of defs.rows) await pool.query(d.def);
  // A settled table, as autovacuum leaves it: hint bits and the visibility map set (index-only scans).
  await pool.query('VACUUM (FREEZE, ANALYZE) uns_meta.devices, uns_meta.metrics');
  return r.rowCount ?? 0;
}

/** 20 prefixes at every depth (group, site, line, area, equipment) along the last metric of 4 devices. */
export async function prefixesFor(pool: Pool): Promise<string[]> {
  const r = await pool.query<{ p: string }>(
    `SELECT DISTINCT ON (device_id) uns_path AS p FROM uns_meta.metrics
     WHERE device_id IN (SELECT device_id FROM uns_meta.devices ORDER BY device_id LIMIT 4) ORDER BY device_id, metric_id DESC`,
  );
  return r.rows.flatMap(({ p }) => {
    const s = p.split('/');
    return [1, 2, 3, 4, 5].map((n) => `${s.slice(0, n).join('/')}/`);
  });
}
