import type { Clock } from './clock.ts';

/** The pilot's time zone: dates people see and deadlines fall in Kyiv time. */
export const PILOT_TIME_ZONE = 'Europe/Kyiv';

/** Today's date (YYYY-MM-DD) in Kyiv by the app's clock. */
export const today = (clock: Clock): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: PILOT_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(clock());

/** The date `days` calendar days after an ISO date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
