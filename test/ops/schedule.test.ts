// The pure schedule: next due time of each cadence from fixed dates, in a fixed time zone with DST
// (Europe/Berlin), so the table means the same on every machine; invalid settings are reasons.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextDue, nextDueAll, parseSchedule, type Schedule, type ScheduleSettings } from '../../src/ops/schedule.js';
import type { Cadence } from '../../src/ops/check.js';

const DEFAULTS: ScheduleSettings = {
  dailyAt: '02:00',
  weeklyAt: 'sun 03:00',
  monthlyAt: '1 04:00',
  quarterlyAt: '1 05:00',
};
const tz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Europe/Berlin'; // Node re-reads TZ on assignment
});
afterAll(() => {
  if (tz === undefined) delete process.env.TZ;
  else process.env.TZ = tz;
});

function schedule(over: Partial<ScheduleSettings> = {}): Schedule {
  const r = parseSchedule({ ...DEFAULTS, ...over });
  if (!r.ok) throw new Error(r.reason);
  return r.schedule;
}
/** 'YYYY-MM-DD HH:MM' as local wall time. */
const local = (s: string) => {
  const [y, mo, d, h, mi] = s.split(/[- :]/).map(Number) as [number, number, number, number, number];
  return new Date(y, mo - 1, d, h, mi);
};
const show = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

describe('nextDue (Europe/Berlin)', () => {
  const table: Array<[string, Cadence, Partial<ScheduleSettings>, string, string]> = [
    ['daily, later today', 'daily', {}, '2025-01-15 01:59', '2025-01-15 02:00'],
    ['daily, exactly at the time: strictly after', 'daily', {}, '2025-01-15 02:00', '2025-01-16 02:00'],
    ['daily over the year end', 'daily', {}, '2025-12-31 23:00', '2026-01-01 02:00'],
    ['weekly from a Wednesday', 'weekly', {}, '2025-01-15 10:00', '2025-01-19 03:00'],
    ['weekly on the Sunday, before', 'weekly', {}, '2025-01-19 02:59', '2025-01-19 03:00'],
    ['weekly on the Sunday, after', 'weekly', {}, '2025-01-19 03:00', '2025-01-26 03:00'],
    ['weekly, another day', 'weekly', { weeklyAt: 'mon 23:30' }, '2025-01-19 03:00', '2025-01-20 23:30'],
    ['monthly, next month', 'monthly', {}, '2025-01-15 00:00', '2025-02-01 04:00'],
    ['monthly, later this month', 'monthly', { monthlyAt: '20 04:00' }, '2025-01-15 00:00', '2025-01-20 04:00'],
    [
      'monthly day 31 clamped to February',
      'monthly',
      { monthlyAt: '31 04:00' },
      '2025-01-31 05:00',
      '2025-02-28 04:00',
    ],
    ['monthly day 31 in a leap February', 'monthly', { monthlyAt: '31 04:00' }, '2024-02-01 00:00', '2024-02-29 04:00'],
    [
      'monthly day 31 back to 31 after a short month',
      'monthly',
      { monthlyAt: '31 04:00' },
      '2025-02-28 04:00',
      '2025-03-31 04:00',
    ],
    [
      'monthly day 31 clamped to April 30',
      'monthly',
      { monthlyAt: '31 04:00' },
      '2025-04-01 00:00',
      '2025-04-30 04:00',
    ],
    ['quarterly, the run itself moves to April', 'quarterly', {}, '2025-01-01 05:00', '2025-04-01 05:00'],
    ['quarterly from February', 'quarterly', {}, '2025-02-10 12:00', '2025-04-01 05:00'],
    [
      'quarterly before the day in July',
      'quarterly',
      { quarterlyAt: '15 05:00' },
      '2025-07-14 23:00',
      '2025-07-15 05:00',
    ],
    ['quarterly from October to next January', 'quarterly', {}, '2025-10-01 06:00', '2026-01-01 05:00'],
    [
      'quarterly day 31 clamped to April 30',
      'quarterly',
      { quarterlyAt: '31 05:00' },
      '2025-03-31 06:00',
      '2025-04-30 05:00',
    ],
    ['quarterly from December, over the year end', 'quarterly', {}, '2025-12-31 23:59', '2026-01-01 05:00'],
  ];
  it.each(table)('%s', (_name, cadence, over, after, expected) => {
    expect(show(nextDue(schedule(over), cadence, local(after)))).toBe(expected);
  });

  // Berlin: 2025-03-30 02:00 CET → 03:00 CEST (23 h day); 2025-10-26 03:00 CEST → 02:00 CET (25 h day).
  const dst: Array<[string, Cadence, Partial<ScheduleSettings>, string, string]> = [
    [
      'a daily time inside the spring gap runs after the gap (03:30 CEST)',
      'daily',
      { dailyAt: '02:30' },
      '2025-03-30 00:00',
      '2025-03-30T01:30:00.000Z',
    ],
    [
      'and the day after it is 02:30 CEST again',
      'daily',
      { dailyAt: '02:30' },
      '2025-03-30 03:30',
      '2025-03-31T00:30:00.000Z',
    ],
    [
      'a repeated fall-back time first runs at its first occurrence (CEST)',
      'daily',
      { dailyAt: '02:30' },
      '2025-10-26 00:00',
      '2025-10-26T00:30:00.000Z',
    ],
    [
      'weekly over a 25-hour day keeps the wall time (03:00 CET, not 02:00)',
      'weekly',
      {},
      '2025-10-25 03:00',
      '2025-10-26T02:00:00.000Z',
    ],
    [
      'daily over the 23-hour day keeps the wall time',
      'daily',
      { dailyAt: '04:00' },
      '2025-03-29 04:00',
      '2025-03-30T02:00:00.000Z',
    ],
  ];
  it.each(dst)('%s', (_name, cadence, over, after, iso) => {
    expect(nextDue(schedule(over), cadence, local(after)).toISOString()).toBe(iso);
  });

  it('after running at the first 02:30 of the fall-back night, the second 02:30 does not run', () => {
    const s = schedule({ dailyAt: '02:30' });
    const firstRun = new Date('2025-10-26T00:30:00.000Z'); // 02:30 CEST
    const secondOccurrence = new Date('2025-10-26T01:30:00.000Z'); // 02:30 CET
    expect(nextDue(s, 'daily', new Date(firstRun.getTime() + 1)).toISOString()).toBe('2025-10-27T01:30:00.000Z');
    expect(nextDue(s, 'daily', secondOccurrence).toISOString()).toBe('2025-10-27T01:30:00.000Z');
  });

  it('nextDueAll gives every cadence', () => {
    const all = nextDueAll(schedule(), local('2025-05-14 12:00'));
    expect(Object.fromEntries(Object.entries(all).map(([c, d]) => [c, show(d)]))).toEqual({
      daily: '2025-05-15 02:00',
      weekly: '2025-05-18 03:00',
      monthly: '2025-06-01 04:00',
      quarterly: '2025-07-01 05:00',
    });
  });
});

describe('parseSchedule', () => {
  it.each([
    [{ dailyAt: '24:00' }, /OPS_DAILY_AT="24:00" is not a valid time/],
    [{ dailyAt: '12:60' }, /OPS_DAILY_AT/],
    [{ weeklyAt: 'xyz 03:00' }, /OPS_WEEKLY_AT="xyz 03:00"/],
    [{ monthlyAt: '0 04:00' }, /OPS_MONTHLY_AT="0 04:00" is not a valid time \(day-of-month 1-31/],
    [{ quarterlyAt: '32 05:00' }, /OPS_QUARTERLY_AT/],
  ])('refuses %j', (over, reason) => {
    const r = parseSchedule({ ...DEFAULTS, ...over });
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.reason).toMatch(reason);
  });

  it('accepts the defaults', () => {
    expect(parseSchedule(DEFAULTS)).toEqual({
      ok: true,
      schedule: {
        daily: { hour: 2, minute: 0, weekday: 0, day: 1 },
        weekly: { hour: 3, minute: 0, weekday: 0, day: 1 },
        monthly: { hour: 4, minute: 0, weekday: 0, day: 1 },
        quarterly: { hour: 5, minute: 0, weekday: 0, day: 1 },
      },
    });
  });
});
