// Every check of spec/operations.md, in the order reports list them (by cadence, then as the spec does).

import { CADENCES, type Cadence } from './check.js';
import type { OpsCheck } from './runner.js';
import { constraintChecks } from './checks/constraints.js';
import { connectionChecks } from './checks/connections.js';
import { dbStatsChecks } from './checks/db-stats.js';
import { indexChecks } from './checks/indexes.js';
import { slotChecks } from './checks/slots.js';
import { storageChecks } from './checks/storage.js';
import { storageBloatChecks } from './checks/storage-bloat.js';
import { grantsChecks } from './grants/check.js';
import { vacuumChecks } from './checks/vacuum.js';
import { manualChecks } from './checks/manual.js';
import { xidChecks } from './checks/xid.js';
import { tlsChecks } from './checks/tls.js';
import { backupChecks } from './checks/backup.js';
import { canaryChecks } from './checks/canary-parity.js';
import { xminChecks } from './checks/xmin-horizon.js';
import { walChecks } from './checks/wal-retention.js';
import { sequenceChecks } from './checks/sequences.js';
import { serverSettingsChecks } from './checks/server-settings.js';
import { AppError } from '../errors.js';

export const ALL_CHECKS: readonly OpsCheck[] = [
  ...backupChecks,
  ...dbStatsChecks,
  ...xidChecks,
  ...xminChecks,
  ...walChecks,
  ...tlsChecks,
  ...constraintChecks,
  ...indexChecks,
  ...vacuumChecks,
  ...storageChecks,
  ...storageBloatChecks,
  ...grantsChecks,
  ...slotChecks,
  ...sequenceChecks,
  ...serverSettingsChecks,
  ...canaryChecks,
  ...connectionChecks,
  ...manualChecks,
].sort((a, b) => CADENCES.indexOf(a.cadence) - CADENCES.indexOf(b.cadence));

/** `--cadence` (one, or all) and `--only id,…`; an unknown id is a usage error that lists the known ones. */
export function selectChecks(cadence: Cadence | 'all', only: readonly string[] = []): OpsCheck[] {
  const known = new Set(ALL_CHECKS.map((c) => c.id));
  const unknown = only.filter((id) => !known.has(id));
  if (unknown.length)
    throw new AppError('usage', `unknown check(s): ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
  return ALL_CHECKS.filter(
    (c) => (cadence === 'all' || c.cadence === cadence) && (only.length === 0 || only.includes(c.id)),
  );
}
