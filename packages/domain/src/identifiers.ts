/**
 * Ukrainian identifiers the pilot validates: RNOKPP (individual tax number), EDRPOU (legal
 * entity code), military unit codes and phone numbers. Pure functions, no I/O.
 */

const digitsOf = (s: string): number[] => [...s].map(Number);

/** RNOKPP: 10 digits, the last a check digit over the first nine. */
export function isValidRnokpp(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  const d = digitsOf(value);
  const weights = [-1, 5, 7, 9, 4, 6, 10, 5, 7];
  const sum = weights.reduce((acc, w, i) => acc + w * d[i]!, 0);
  const check = (((sum % 11) + 11) % 11) % 10;
  return check === d[9];
}

/** The check digit that completes the nine leading digits of an RNOKPP (used by generators). */
export function rnokppCheckDigit(nine: string): number {
  const d = digitsOf(nine);
  const weights = [-1, 5, 7, 9, 4, 6, 10, 5, 7];
  const sum = weights.reduce((acc, w, i) => acc + w * d[i]!, 0);
  return (((sum % 11) + 11) % 11) % 10;
}

/** The check digit of the seven leading digits of an EDRPOU code. */
export function edrpouCheckDigit(seven: string): number {
  const d = digitsOf(seven);
  const code = Number(seven);
  // Codes between 30,000,000 and 60,000,000 use a rotated weight set.
  const base = code < 3000000 || code > 6000000 ? [1, 2, 3, 4, 5, 6, 7] : [7, 1, 2, 3, 4, 5, 6];
  const remainder = (weights: number[]) => weights.reduce((acc, w, i) => acc + w * d[i]!, 0) % 11;
  let r = remainder(base);
  if (r === 10) {
    r = remainder(base.map((w) => w + 2));
    if (r === 10) r = 0;
  }
  return r;
}

/** EDRPOU: 8 digits, the last a check digit. */
export function isValidEdrpou(value: string): boolean {
  if (!/^\d{8}$/.test(value)) return false;
  return edrpouCheckDigit(value.slice(0, 7)) === Number(value[7]);
}

const CYRILLIC_A = '\u0410';

/**
 * Normalises a military unit code: trims, upper-cases and turns a Latin `A` into the
 * Cyrillic `А` the army uses. Returns null when the result is not `А` + 4 digits.
 */
export function normalizeUnitCode(value: string): string | null {
  const v = value.trim().toUpperCase().replace(/^A/, CYRILLIC_A);
  return /^\u0410\d{4}$/.test(v) ? v : null;
}

/**
 * Normalises a phone number to E.164. Ukrainian numbers may be typed as `0XX XXX XX XX`,
 * `380XXXXXXXXX` or `+380 XX XXX XX XX`; they must end up as `+380` + 9 digits. Other
 * countries are accepted in E.164 form. Returns null for anything else.
 */
export function normalizePhone(value: string): string | null {
  const compact = value.trim().replace(/[\s\-().]/g, '');
  let v = compact;
  if (/^0\d{9}$/.test(v)) v = `+38${v}`;
  else if (/^380\d{9}$/.test(v)) v = `+${v}`;
  if (v.startsWith('+380')) return /^\+380\d{9}$/.test(v) ? v : null;
  return /^\+[1-9]\d{7,14}$/.test(v) ? v : null;
}
