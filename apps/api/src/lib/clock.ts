/** Today's date (YYYY-MM-DD) in Kyiv, where the pilot's days begin and end, from the app's clock. */
export function today(clock: () => Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv', year: 'numeric', month: '2-digit', day: '2-digit' }).format(clock());
}
