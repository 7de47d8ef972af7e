import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '@pilot/domain';
import { decrypt, type Keyring } from '../../lib/crypto.ts';
import { hashToken } from '../../lib/tokens.ts';
import { newId } from '../../lib/ids.ts';
import type { IUser } from './entities.ts';

/**
 * Two-factor sign-in with TOTP (RFC 6238: 6 digits, 30 seconds, SHA-1 — what every
 * authenticator app speaks) and one-time recovery codes for a lost phone.
 */
export const TOTP_PERIOD = 30;
const ISSUER = 'Pilot';

export const mfaRequiredFor = (required: readonly Role[], roles: readonly Role[]) => roles.some((r) => required.includes(r));

export function totp(secretBase32: string, label: string) {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD, secret: Secret.fromBase32(secretBase32) });
}

export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

/**
 * Checks a code against the user's secret at `now` (one step of clock drift either way) and
 * refuses a step already used: a code overheard or replayed is worthless.
 */
export function acceptTotp(keyring: Keyring, user: IUser, code: string, now: Date, secretField: 'totpSecret' | 'totpPendingSecret' = 'totpSecret'): boolean {
  const stored = user[secretField];
  if (!stored || !/^\d{6}$/.test(code)) return false;
  const delta = totp(decrypt(keyring, stored), user.email).validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return false;
  const step = Math.floor(now.getTime() / 1000 / TOTP_PERIOD) + delta;
  if (user.totpLastStep != null && step <= user.totpLastStep) return false;
  user.totpLastStep = step;
  return true;
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten new recovery codes (the old ones stop working); only their hashes are kept. */
export async function newRecoveryCodes(em: EntityManager, userId: string): Promise<string[]> {
  await em.execute(`delete from mfa_recovery_code where user_id = ?`, [userId]);
  const codes = Array.from({ length: 10 }, () => {
    const raw = [...randomBytes(10)].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  for (const code of codes) {
    await em.execute(`insert into mfa_recovery_code (id, user_id, code_hash) values (?, ?, ?)`, [newId(), userId, hashToken(code)]);
  }
  return codes;
}

const normaliseRecovery = (code: string) => code.trim().toLowerCase().replace(/[^a-z0-9]/g, '').replace(/^(.{5})(.{5})$/, '$1-$2');

export async function useRecoveryCode(em: EntityManager, userId: string, code: string): Promise<boolean> {
  const used = await em.execute(
    `update mfa_recovery_code set used_at = now() where user_id = ? and code_hash = ? and used_at is null returning id`,
    [userId, hashToken(normaliseRecovery(code))],
  );
  return used.length > 0;
}

export async function recoveryCodesLeft(em: EntityManager, userId: string): Promise<number> {
  const [row] = await em.execute<{ n: number }[]>(`select count(*)::int as n from mfa_recovery_code where user_id = ? and used_at is null`, [userId]);
  return row?.n ?? 0;
}
