// Threshold overrides: OPS_<ID>_WARN / OPS_<ID>_CRIT, where <ID> is the check id in capitals with dots
// as underscores (OPS_CDC_SLOT_LAG_WARN). Read from the environment by the config module only; this
// turns them into per-check thresholds. "none" switches a level off.

import type { Thresholds } from './check.js';

export type ThresholdOverrides = ReadonlyMap<string, Partial<Thresholds>>;

export function envKey(checkId: string, level: 'WARN' | 'CRIT'): string {
  return `OPS_${checkId.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_${level}`;
}

export function thresholdsFor(checkId: string, defaults: Thresholds, overrides: ThresholdOverrides): Thresholds {
  return { ...defaults, ...overrides.get(checkId) };
}

/**
 * From the raw variables (`OPS_*_WARN|CRIT`), for the known check ids; unknown ones and values that are
 * not numbers are reported, so a typo does not silently leave the default in place.
 */
export function parseThresholdOverrides(
  env: Record<string, string | undefined>,
  checkIds: readonly string[],
): { overrides: ThresholdOverrides; problems: string[] } {
  const overrides = new Map<string, Partial<Thresholds>>();
  const problems: string[] = [];
  const byKey = new Map<string, [string, 'warn' | 'crit']>();
  for (const id of checkIds) {
    byKey.set(envKey(id, 'WARN'), [id, 'warn']);
    byKey.set(envKey(id, 'CRIT'), [id, 'crit']);
  }
  for (const [key, raw] of Object.entries(env)) {
    if (!/^OPS_.+_(WARN|CRIT)$/.test(key) || raw === undefined || raw.trim() === '') continue;
    const target = byKey.get(key);
    if (!target) {
      problems.push(`${key}: no check has this threshold (known: ${[...byKey.keys()].slice(0, 4).join(', ')}, …)`);
      continue;
    }
    const value = raw.trim().toLowerCase() === 'none' ? null : Number(raw);
    if (value !== null && !Number.isFinite(value)) {
      problems.push(`${key}: "${raw}" is not a number (or "none")`);
      continue;
    }
    const [id, level] = target;
    overrides.set(id, { ...overrides.get(id), [level]: value });
  }
  return { overrides, problems };
}
