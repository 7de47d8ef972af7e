import type { EntityManager } from '@mikro-orm/postgresql';
import { billableSeats, billingStanding, allowedSeats, type BillingFacts, type Standing } from '@pilot/domain';
import type { TBillingStatus } from '@pilot/contracts';
import { iso } from '../../lib/pagination.ts';
import type { Billing } from './stripe.ts';

/** A billing_account row as the SQL below reads it. */
export interface AccountRow {
  provider_id: string;
  sponsored: boolean;
  pilot_seat_limit: number | null;
  stripe_customer_id: string | null;
  stripe_subscription_id: string | null;
  stripe_item_id: string | null;
  stripe_price_id: string | null;
  subscription_status: string | null;
  seat_quantity: number | null;
  current_period_end: Date | null;
  cancel_at_period_end: boolean;
  past_due_since: Date | null;
  past_due_notified_at: Date | null;
  restricted_notified_at: Date | null;
  synced_at: Date | null;
}

/** Stripe statuses of a subscription in force: it bills, and an older one must not replace it. */
const IN_FORCE = new Set(['active', 'trialing', 'past_due', 'unpaid']);
export const inForce = (status: string | null | undefined) => Boolean(status && IN_FORCE.has(status));
/** In force or awaiting its first payment: it is changed in the portal, not bought again. */
export const isLive = (status: string | null | undefined) => inForce(status) || status === 'incomplete';

/**
 * Every query names the provider explicitly: in a provider's transaction RLS would scope it
 * anyway, and in the platform's (no tenant) it must.
 */
export async function findAccount(em: EntityManager, providerId: string, opts: { lock?: boolean } = {}): Promise<AccountRow | null> {
  const [row] = await em.execute<AccountRow[]>(
    `select * from billing_account where provider_id = ?${opts.lock ? ' for update' : ''}`, [providerId]);
  return row ?? null;
}

/** The provider's account row, created empty when missing; `lock` holds it for this transaction. */
export async function ensureAccount(em: EntityManager, providerId: string, opts: { lock?: boolean } = {}): Promise<AccountRow> {
  await em.execute(`insert into billing_account (provider_id) values (?) on conflict (provider_id) do nothing`, [providerId]);
  return (await findAccount(em, providerId, opts))!;
}

export const lockAccount = (em: EntityManager, providerId: string) => ensureAccount(em, providerId, { lock: true });

/** Staff holding a seat: everyone of the provider not deactivated (an invitation reserves one). */
export async function usedSeats(em: EntityManager, providerId: string): Promise<number> {
  const [row] = await em.execute<{ n: string }[]>(
    `select count(*) as n from membership m join user_account u on u.id = m.user_id
      where m.provider_id = ? and u.status <> 'deactivated'`, [providerId]);
  return Number(row!.n);
}

export function factsOf(billing: Billing, account: AccountRow | null): BillingFacts {
  return {
    enabled: billing.enabled,
    sponsored: account?.sponsored ?? false,
    pilotSeatLimit: account?.pilot_seat_limit ?? null,
    subscriptionStatus: account?.stripe_subscription_id ? account.subscription_status : null,
    pastDueSince: account?.past_due_since ? new Date(account.past_due_since) : null,
    graceDays: billing.config.graceDays,
  };
}

export function standingOf(billing: Billing, account: AccountRow | null): { facts: BillingFacts; standing: Standing } {
  const facts = factsOf(billing, account);
  return { facts, standing: billingStanding(facts, billing.now()) };
}

export function toStatus(billing: Billing, s: Standing): TBillingStatus {
  return { enabled: billing.enabled, standing: s.standing, graceEndsAt: iso(s.graceEndsAt), graceDaysLeft: s.graceDaysLeft };
}

export function plansOf(billing: Billing, account: AccountRow | null) {
  const plans: ('pilot' | 'monthly' | 'yearly')[] = [];
  if (account?.sponsored) plans.push('pilot');
  const paid = isLive(account?.subscription_status) ? billing.planOfPrice(account?.stripe_price_id) : null;
  if (paid) plans.push(paid);
  return plans;
}

export function seatsOf(facts: BillingFacts, standing: Standing, account: AccountRow | null, used: number) {
  return {
    used,
    allowed: allowedSeats(facts, standing),
    sponsored: facts.sponsored ? (facts.pilotSeatLimit ?? 0) : 0,
    billed: isLive(account?.subscription_status) ? (account?.seat_quantity ?? null) : null,
  };
}

/** The quantity the subscription should carry now. */
export const desiredQuantity = (account: AccountRow, used: number) =>
  billableSeats(used, { sponsored: account.sponsored, pilotSeatLimit: account.pilot_seat_limit });
