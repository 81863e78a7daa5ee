// `uns-meta devices list`: which edge nodes and devices are online, offline or unknown
// (uns_meta.device_status). `uns-meta devices reset-order <device path>`: clears a device's ordering
// guard after its edge clock went wrong, so the next birth applies whatever its timestamp
// (spec/sparkplug.md, Host behaviours).

import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { createPool } from '../db.js';
import { AppError } from '../errors.js';
import type { LiveState } from '../sparkplug/lifecycle.js';
import { listDeviceStatus } from '../store/lifecycle.js';
import { bigintReplacer } from '../store/quarantine.js';
import { positiveInt } from './canary-options.js';
import { withCommandPool } from './command-pool.js';
import { clearOrderGuard } from '../store/order-guard.js';
import { createContext } from './context.js';
import { openDatabase } from './database.js';
import { command } from './outcome.js';

export function registerDevicesCommands(program: Command): void {
  const devices = program
    .command('devices')
    .description('liveness of devices and edge nodes, and operator actions on them');
  devices
    .command('list')
    .description('edge nodes and devices with their state (online, offline, unknown), last birth and death, bdSeq')
    .option('--state <state>', 'only online, offline or unknown', liveState)
    .option('--prefix <path>', 'only this UNS path and below it')
    .option('--limit <n>', 'at most n rows', positiveInt, 1000)
    .option('--json', 'print JSON')
    .action(
      command(async (o: { state?: LiveState; prefix?: string; limit: number; json?: boolean }) => {
        const ctx = createContext();
        const { total, rows } = await withCommandPool(ctx.config, (pool) => listDeviceStatus(pool, o));
        if (o.json) {
          console.log(JSON.stringify({ total, rows }, bigintReplacer, 2));
          return;
        }
        const at = (d: Date | null) => d?.toISOString() ?? '-';
        for (const r of rows)
          console.log(
            `${r.state.padEnd(7)}\t${r.unsPath}\tbirth=${at(r.lastBirthAt)}\tdeath=${at(r.lastDeathAt)}\tbdSeq=${r.bdSeq ?? '-'}`,
          );
        console.log(`${rows.length} of ${total} device(s) shown`);
      }),
    );
  devices
    .command('reset-order <devicePath>')
    .description(
      'clear the ordering guard of a device (or node) whose edge clock went wrong: its next birth applies whatever its timestamp',
    )
    .action(
      command(async (devicePath: string) => {
        const ctx = createContext();
        const db = await openDatabase(ctx.config);
        const pool = createPool(db.url, { max: 1 });
        try {
          const r = await clearOrderGuard(pool, devicePath);
          if (!r)
            throw new AppError(
              'not_found',
              `no device or node has the UNS path "${devicePath}" (see GET /api/devices or the dashboard's namespace tree)`,
            );
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
      }),
    );
}

function liveState(v: string): LiveState {
  if (v === 'online' || v === 'offline' || v === 'unknown') return v;
  throw new InvalidArgumentError('expected online, offline or unknown');
}
