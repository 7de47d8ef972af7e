/**
 * "Now" for rules that depend on time (grace periods, SLA clocks). The app takes it from its
 * dependencies, so tests move time instead of waiting for it.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

// Built once: constructing a formatter costs far more than formatting (this runs on most requests).
const KYIV_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date (YYYY-MM-DD) in Kyiv, where the pilot's days begin and end, from the app's clock. */
export function today(clock: Clock): string {
  return KYIV_DATE.format(clock());
}

const KYIV_DATE_TIME = {
  uk: new Intl.DateTimeFormat('uk-UA', { timeZone: 'Europe/Kyiv', dateStyle: 'long', timeStyle: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Kyiv', dateStyle: 'long', timeStyle: 'short' }),
};

/** A moment as people read it in a message: Kyiv time, in their language. */
export function kyivDateTime(at: Date, locale: keyof typeof KYIV_DATE_TIME): string {
  return KYIV_DATE_TIME[locale].format(at);
}
