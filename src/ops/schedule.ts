// When each check cadence is next due (pure): from the OPS_*_AT settings and a moment, the first local
// wall-clock time strictly after it. No timers, no I/O — the scheduler owns those.
//
// DST: every step is calendar arithmetic through the local Date constructor (next day = day + 1, never
// "+ 24 h of milliseconds"), so a 23- or 25-hour day still yields the set wall time. A wall time in the
// spring-forward gap (02:30 when 02:00 jumps to 03:00) resolves, per ECMAScript, to the instant after
// the gap (03:30); a wall time repeated at fall-back resolves to its FIRST occurrence, and since the next
// due time is always strictly after the previous run, the second 02:30 of that night does not run again.

import type { Cadence } from './check.js';

/** OPS_DAILY_AT, OPS_WEEKLY_AT, OPS_MONTHLY_AT and OPS_QUARTERLY_AT as given. */
export interface ScheduleSettings {
  dailyAt: string;
  weeklyAt: string;
  monthlyAt: string;
  quarterlyAt: string;
}

interface At {
  hour: number;
  minute: number;
  /** 0 = Sunday (weekly). */
  weekday: number;
  /** 1–31, clamped to the month's length (monthly, quarterly). */
  day: number;
}

export type Schedule = Readonly<Record<Cadence, At>>;

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** The settings as times; an impossible hour, minute, weekday or day is a reason, not an exception. */
export function parseSchedule(s: ScheduleSettings): { ok: true; schedule: Schedule } | { ok: false; reason: string } {
  const entries: Array<[Cadence, string, string, RegExp]> = [
    ['daily', 'OPS_DAILY_AT', s.dailyAt, /^()(\d\d):(\d\d)$/],
    ['weekly', 'OPS_WEEKLY_AT', s.weeklyAt, /^([a-z]{3}) (\d\d):(\d\d)$/],
    ['monthly', 'OPS_MONTHLY_AT', s.monthlyAt, /^(\d{1,2}) (\d\d):(\d\d)$/],
    ['quarterly', 'OPS_QUARTERLY_AT', s.quarterlyAt, /^(\d{1,2}) (\d\d):(\d\d)$/],
  ];
  const out: Partial<Record<Cadence, At>> = {};
  for (const [cadence, name, value, re] of entries) {
    const m = re.exec(value.trim());
    const hour = Number(m?.[2]);
    const minute = Number(m?.[3]);
    const weekday = cadence === 'weekly' ? WEEKDAYS.indexOf(m?.[1] ?? '') : 0;
    const day = cadence === 'monthly' || cadence === 'quarterly' ? Number(m?.[1]) : 1;
    if (!m || hour > 23 || minute > 59 || weekday < 0 || !(day >= 1 && day <= 31)) {
      return {
        ok: false,
        reason: `${name}=${JSON.stringify(value)} is not a valid time (${cadence === 'daily' ? 'HH:MM' : cadence === 'weekly' ? 'sun 03:00' : 'day-of-month 1-31 and HH:MM, e.g. 1 04:00'})`,
      };
    }
    out[cadence] = { hour, minute, weekday, day };
  }
  return { ok: true, schedule: out as Schedule };
}

const daysIn = (year: number, month: number) => new Date(year, month + 1, 0).getDate();

/** The first time the cadence is due strictly after `after` (local time of the process). */
export function nextDue(schedule: Schedule, cadence: Cadence, after: Date): Date {
  const a = schedule[cadence];
  const y = after.getFullYear();
  const mo = after.getMonth();
  const d = after.getDate();
  const at = (year: number, month: number, day: number) => new Date(year, month, day, a.hour, a.minute, 0, 0);
  if (cadence === 'daily') {
    const today = at(y, mo, d);
    return today > after ? today : at(y, mo, d + 1);
  }
  if (cadence === 'weekly') {
    const ahead = (a.weekday - after.getDay() + 7) % 7;
    const first = at(y, mo, d + ahead);
    return first > after ? first : at(y, mo, d + ahead + 7);
  }
  // monthly / quarterly (Jan, Apr, Jul, Oct): this month or a later one, day clamped per month.
  for (let k = 0; k <= 12; k++) {
    const month = mo + k; // Date normalizes month 12+ into the next year
    if (cadence === 'quarterly' && month % 3 !== 0) continue;
    const candidate = at(y, month, Math.min(a.day, daysIn(y, month)));
    if (candidate > after) return candidate;
  }
  throw new Error('unreachable: a due month exists within 12 months');
}

export function nextDueAll(schedule: Schedule, after: Date): Record<Cadence, Date> {
  return {
    daily: nextDue(schedule, 'daily', after),
    weekly: nextDue(schedule, 'weekly', after),
    monthly: nextDue(schedule, 'monthly', after),
    quarterly: nextDue(schedule, 'quarterly', after),
  };
}
