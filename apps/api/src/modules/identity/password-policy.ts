import { dictionary } from '@zxcvbn-ts/language-common';
import { PASSWORD_MIN } from '@pilot/contracts';
import { badRequest } from '../../lib/problems.ts';

/**
 * Passwords are judged by length and against lists of passwords known from breaches, never by
 * composition rules (NIST SP 800-63B 5.1.1.2). The breach list is zxcvbn-ts's common-password
 * dictionary, shipped with the dependency; the local list adds what people here reach for.
 */
const LOCAL = [
  'slavaukraini', 'slava ukraini', 'слава україні', 'славаукраїні', 'героямслава', 'heroyamslava',
  'ukraine2022', 'ukraine2023', 'ukraine2024', 'ukraine2025', 'ukraine2026', 'україна2022', 'kyiv2022',
  'zsu2022', 'zsu12345678', 'пароль12345', 'parol123456', 'qwerty123456', 'йцукенгшщзхї', 'йцукен123456',
  'pilot-demo-2026', 'pilotpilot123',
];

const normalise = (p: string) => p.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
const COMMON = new Set([...dictionary['passwords-common'], ...LOCAL].map(normalise));

export function isCommonPassword(password: string): boolean {
  const n = normalise(password);
  if (COMMON.has(n) || COMMON.has(n.replace(/\s/g, ''))) return true;
  // One character repeated, or a breached password padded with digits, is no better.
  if (/^(.)\1+$/.test(n)) return true;
  const stem = n.replace(/[\d!.?]+$/, '');
  return stem.length >= 6 && COMMON.has(stem) && n.length - stem.length <= 4;
}

/** Throws 400 naming the field when the password is too short or known from breaches. */
export function assertAcceptablePassword(password: string, field: string) {
  if (password.length < PASSWORD_MIN) throw badRequest(`The password must be at least ${PASSWORD_MIN} characters`, [{ path: field, message: 'Too short', code: 'password_too_short' }]);
  if (isCommonPassword(password)) {
    throw badRequest('This password is known from data breaches or is too common; choose another', [{ path: field, message: 'Too common', code: 'password_too_common' }]);
  }
}
