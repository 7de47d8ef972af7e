import { isoDay } from '@pilot/domain';

/**
 * Where time-based rules (overdue flags, due dates, reminders) get "now". The app holds one
 * clock; tests move it (`app.clock.now = () => …`) instead of waiting.
 */
export interface Clock { now(): Date }

export const systemClock = (): Clock => ({ now: () => new Date() });

/** Today's date (YYYY-MM-DD) in Kyiv, where the pilot's days begin and end. */
export function today(clock: Clock): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv', year: 'numeric', month: '2-digit', day: '2-digit' }).format(clock.now());
  return /^\d{4}-\d{2}-\d{2}$/.test(parts) ? parts : isoDay(clock.now());
}
