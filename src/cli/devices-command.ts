// `uns-meta devices reset-order <device path>`: clears a device's ordering guard after its edge clock
// went wrong, so the next birth applies whatever its timestamp (spec/sparkplug.md, Host behaviours).

import type { Command } from 'commander';
import { createPool } from '../db.js';
import { AppError } from '../errors.js';
import { clearOrderGuard } from '../store/order-guard.js';
import { createContext } from './context.js';
import { openDatabase } from './database.js';

export function registerDevicesCommands(program: Command): void {
  const devices = program.command('devices').description('operator actions on devices and edge nodes');
  devices
    .command('reset-order <devicePath>')
    .description('clear the ordering guard of a device (or node) whose edge clock went wrong: its next birth applies whatever its timestamp')
    .action(async (devicePath: string) => {
      const ctx = createContext();
      const db = await openDatabase(ctx.config);
      const pool = createPool(db.url, { max: 1 });
      try {
        const r = await clearOrderGuard(pool, devicePath);
        if (!r) throw new AppError('not_found', `no device or node has the UNS path "${devicePath}" (see GET /api/devices or the dashboard's namespace tree)`);
        const scope = [r.group, r.edge, r.device].filter(Boolean).join('/');
        console.log(
          r.timestamp === null && r.seq === null
            ? `${devicePath} (${scope}): no ordering guard was set; its next birth applies`
            : `${devicePath} (${scope}): ordering guard cleared (was timestamp ${r.timestamp ?? '-'}, seq ${r.seq ?? '-'}); its next birth applies`,
        );
      } finally {
        await pool.end();
        await db.close();
      }
    });
}
