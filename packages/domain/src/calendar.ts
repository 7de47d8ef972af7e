/**
 * Working days and service-target deadlines (domain.md, "Lifecycles"). Pure: the holidays come
 * from the caller (the ministry edits them in the `holiday` table), "now" too.
 *
 * A target of N working days is due at the end of the N-th working day after the day the clock
 * started, in Kyiv time: a referral sent on Friday afternoon with a 1-day target is due on
 * Monday at the end of the working day, one sent on Saturday likewise. Escalation follows one
 * working day after a deadline.
 */
import { TZDate } from '@date-fns/tz';
import { addDays } from './cases.ts';

export const PILOT_TIME_ZONE = 'Europe/Kyiv';
/** The hour (local) a working day ends: deadlines fall then, not at midnight. */
export const WORKDAY_END_HOUR = 18;

export interface WorkingCalendar {
  /** Days off besides weekends, as ISO dates (YYYY-MM-DD). */
  holidays: ReadonlySet<string>;
  timeZone?: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: string): [number, number, number] {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`Not an ISO date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The calendar date of an instant in the pilot's time zone. */
export function localDate(at: Date, timeZone = PILOT_TIME_ZONE): string {
  const local = new TZDate(at.getTime(), timeZone);
  return `${pad(local.getFullYear(), 4)}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
}

/** Monday to Friday, unless the ministry declared the day a holiday. */
export function isWorkingDay(date: string, calendar: WorkingCalendar): boolean {
  const [y, m, d] = parts(date);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !calendar.holidays.has(date);
}

/** The `n`-th working day strictly after `date` (n ≥ 1). */
export function nthWorkingDayAfter(date: string, n: number, calendar: WorkingCalendar): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError('n must be a positive integer');
  let day = date;
  let found = 0;
  // A year of holidays in a row would be a data error, not a calendar: stop well before looping forever.
  for (let i = 0; i < 3660; i++) {
    day = addDays(day, 1);
    if (isWorkingDay(day, calendar) && ++found === n) return day;
  }
  throw new RangeError('No working day found within ten years');
}

/** The instant a working day ends, in the pilot's time zone. */
export function endOfWorkingDay(date: string, timeZone = PILOT_TIME_ZONE): Date {
  const [y, m, d] = parts(date);
  return new Date(new TZDate(y, m - 1, d, WORKDAY_END_HOUR, 0, 0, timeZone).getTime());
}

/** When a target of `workingDays` started at `start` is due. */
export function dueAfter(start: Date, workingDays: number, calendar: WorkingCalendar): Date {
  const tz = calendar.timeZone ?? PILOT_TIME_ZONE;
  return endOfWorkingDay(nthWorkingDayAfter(localDate(start, tz), workingDays, calendar), tz);
}

/** The service targets the ministry watches, in working days (configurable per pilot). */
export const SLA_TARGETS = ['acknowledgement', 'first_contact', 'assessment'] as const;
export type ServiceTarget = (typeof SLA_TARGETS)[number];
export type ServiceTargetDays = Record<ServiceTarget, number>;
export const DEFAULT_SERVICE_TARGET_DAYS: ServiceTargetDays = { acknowledgement: 1, first_contact: 3, assessment: 10 };

export interface Deadline { target: ServiceTarget; dueAt: Date; escalateAt: Date }

/**
 * The deadlines of a referral submitted at `submittedAt`: each target's due time, and the
 * time it escalates (the end of the next working day after the due day).
 */
export function serviceDeadlines(submittedAt: Date, days: ServiceTargetDays, calendar: WorkingCalendar): Deadline[] {
  return SLA_TARGETS.map((target) => {
    const dueAt = dueAfter(submittedAt, days[target], calendar);
    return { target, dueAt, escalateAt: dueAfter(dueAt, 1, calendar) };
  });
}
