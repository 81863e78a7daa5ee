// Reads one stanza of `pgbackrest info --output=json` and judges backup.last: stanza status, and the
// age of the newest backup that completed without error. Pure: the adapter runs the command.

import { statusAbove, type Measurement, type Thresholds } from '../check.js';

interface BackupEntry {
  label?: string;
  type?: string;
  error?: boolean;
  timestamp?: { start?: number; stop?: number };
  info?: { size?: number; repository?: { size?: number } };
}

interface StanzaEntry {
  name?: string;
  status?: { code?: number; message?: string };
  backup?: BackupEntry[];
  archive?: Array<{ id?: string; min?: string | null; max?: string | null }>;
  db?: Array<{ version?: string }>;
}

export function judgeBackupLast(raw: unknown, stanza: string, now: Date, t: Thresholds): Measurement {
  const s = raw as StanzaEntry | null;
  if (!s || typeof s !== 'object') {
    return {
      status: 'CRIT',
      evidence: { stanza },
      remedy: `pgbackrest info does not list stanza "${stanza}": check OPS_PGBACKREST_STANZA and the pgBackRest configuration, then run stanza-create`,
    };
  }
  const code = s.status?.code ?? 99;
  const backups = (s.backup ?? []).filter((b) => b.error !== true && typeof b.timestamp?.stop === 'number');
  const newest = backups.reduce<BackupEntry | null>(
    (a, b) => (a === null || (b.timestamp?.stop ?? 0) > (a.timestamp?.stop ?? 0) ? b : a),
    null,
  );
  const lastFull = backups.filter((b) => b.type === 'full').at(-1);
  const stop = newest ? new Date((newest.timestamp?.stop ?? 0) * 1000) : null;
  const ageHours = stop ? Math.round(((now.getTime() - stop.getTime()) / 3_600_000) * 100) / 100 : null;
  const evidence = {
    stanza,
    statusCode: code,
    statusMessage: s.status?.message ?? null,
    pgVersion: s.db?.at(-1)?.version ?? null,
    backups: backups.length,
    newest:
      newest && stop
        ? {
            label: newest.label,
            type: newest.type,
            stoppedAt: stop.toISOString(),
            sizeBytes: newest.info?.size ?? null,
            repoBytes: newest.info?.repository?.size ?? null,
          }
        : null,
    lastFull: lastFull
      ? { label: lastFull.label, stoppedAt: new Date((lastFull.timestamp?.stop ?? 0) * 1000).toISOString() }
      : null,
    archive: s.archive?.at(-1) ? { min: s.archive.at(-1)?.min ?? null, max: s.archive.at(-1)?.max ?? null } : null,
  };
  // Code 0 is "ok"; 1 missing stanza path, 2 no valid backups, 3 missing stanza data, 5 database mismatch…
  if (code !== 0) {
    return {
      status: 'CRIT',
      value: ageHours,
      evidence,
      remedy: `Backup and Recovery Notes: stanza "${stanza}" status is "${s.status?.message ?? code}"; run pgbackrest --stanza=${stanza} check, fix what it reports (stanza-create, archive_command), then take a backup`,
    };
  }
  if (ageHours === null)
    return {
      status: 'CRIT',
      value: null,
      evidence,
      remedy: `Backup and Recovery Notes: no successful backup in stanza "${stanza}"; run pgbackrest --stanza=${stanza} backup --type=full`,
    };
  return { status: statusAbove(ageHours, t), value: ageHours, evidence };
}
