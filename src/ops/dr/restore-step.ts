// The restore of the DR rehearsal, timed: pgBackRest `restore --delta` into the scratch data directory
// then start it (WAL replay included), or — without a stanza — a new scratch cluster filled by a
// logical copy of the live database. Either way the caller gets a running server or nothing running.

import type pg from 'pg';
import { connect } from '../../db.js';
import { migrateUp } from '../../store/migrate.js';
import { pgBackRestRestore, type PgBackRest } from '../backup/pgbackrest.js';
import { copyApplicationData, sourceVersion } from './logical-copy.js';
import { handToServerUser, startScratch, type ScratchDir, type ScratchServer } from './scratch-postgres.js';

export interface Restored {
  method: 'pgbackrest' | 'logical';
  server: ScratchServer;
  /** The superuser to connect as (local trust through the scratch socket). */
  user: string;
  restoreSeconds: number;
  startSeconds: number;
  detail: Record<string, unknown>;
}

const seconds = (since: number) => Math.round(performance.now() - since) / 1000;

/** `superuser`: the restored cluster's own bootstrap superuser (the source's, found by the caller). */
export async function restorePhysical(
  p: PgBackRest,
  dir: ScratchDir,
  superuser: string,
  targetTime: string | undefined,
): Promise<Restored> {
  let t = performance.now();
  const r = await pgBackRestRestore(p, { pgPath: dir.data, tablespaceDir: dir.tablespaces, targetTime });
  await handToServerUser(dir);
  const restoreSeconds = seconds(t);
  t = performance.now();
  const server = await startScratch(dir, { initialise: false });
  const backupSet = /restore backup set (\S+)/.exec(r.stdout + r.stderr)?.[1] ?? null;
  return {
    method: 'pgbackrest',
    server,
    user: superuser,
    restoreSeconds,
    startSeconds: seconds(t),
    detail: { stanza: p.stanza, backupSet, targetTime: targetTime ?? null },
  };
}

export async function restoreLogical(source: pg.ClientBase, dir: ScratchDir, database: string): Promise<Restored> {
  let t = performance.now();
  const server = await startScratch(dir, { initialise: true });
  const startSeconds = seconds(t);
  try {
    t = performance.now();
    const admin = await connect(server.url('postgres', 'postgres'), 'uns-meta dr-rehearsal');
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`).finally(() => admin.end());
    const target = await connect(server.url(database, 'postgres'), 'uns-meta dr-rehearsal');
    try {
      await source.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const version = await sourceVersion(source);
      // Built to the live schema's version so the copied rows fit; the rehearsal migrates on from there.
      await migrateUp(target, { to: version });
      const rows = await copyApplicationData(source, target);
      await source.query('COMMIT');
      return {
        method: 'logical',
        server,
        user: 'postgres',
        restoreSeconds: seconds(t),
        startSeconds,
        detail: { schemaVersion: version, copiedRows: rows },
      };
    } finally {
      await source.query('ROLLBACK').catch(() => undefined);
      await target.end();
    }
  } catch (err) {
    await server.stop().catch(() => undefined);
    throw err;
  }
}
