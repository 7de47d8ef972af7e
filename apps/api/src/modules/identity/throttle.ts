import type { EntityManager } from '@mikro-orm/postgresql';
import { LoginThrottle } from './entities.ts';

export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;

/** Seconds until the address may try again, or 0 when it is not locked. */
export async function lockedFor(em: EntityManager, email: string): Promise<number> {
  const t = await em.findOne(LoginThrottle, { email });
  if (!t?.lockedUntil) return 0;
  return Math.max(0, Math.ceil((t.lockedUntil.getTime() - Date.now()) / 1000));
}

/**
 * Counts a failed sign-in for an address; the fifth in a row locks it for 15 minutes. The
 * count is kept per address whether or not an account exists, so both answer alike.
 * Returns the lock duration in seconds when this failure locked the address.
 */
export async function recordFailure(em: EntityManager, email: string): Promise<number> {
  const [row] = await em.execute<{ failures: number }[]>(
    `insert into login_throttle (email, failures, updated_at) values (?, 1, now())
     on conflict (email) do update set
       failures = case when login_throttle.locked_until is not null then 1 else login_throttle.failures + 1 end,
       locked_until = null, updated_at = now()
     returning failures`,
    [email],
  );
  if ((row?.failures ?? 0) < MAX_FAILURES) return 0;
  await em.execute(`update login_throttle set locked_until = now() + make_interval(mins => ?), failures = 0 where email = ?`, [LOCK_MINUTES, email]);
  return LOCK_MINUTES * 60;
}

export async function clearFailures(em: EntityManager, email: string) {
  await em.execute(`delete from login_throttle where email = ?`, [email]);
}
