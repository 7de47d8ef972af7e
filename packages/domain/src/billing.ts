/**
 * Billing standing of a provider: what its staff may still start. Pure rules; the API feeds them
 * the stored facts and a clock. Billing never blocks work on people already being served: every
 * standing keeps reading, exporting, existing cases and referrals in progress working.
 */

/** Paid plans, priced per staff seat. `pilot` is the ministry-sponsored plan. */
export const PAID_PLANS = ['monthly', 'yearly'] as const;
export type PaidPlan = (typeof PAID_PLANS)[number];
export type BillingPlan = 'pilot' | PaidPlan;

/**
 * - `sponsored`: the pilot plan (or billing switched off); never past due, never restricted.
 * - `active`: a paid subscription in good standing.
 * - `past_due`: a payment failed; everything works until the grace period ends.
 * - `restricted`: grace is over; no new staff seats and no new cases.
 * - `canceled`: the subscription ended; the same read-and-finish mode as restricted.
 * - `none`: neither sponsored nor subscribed yet; the same mode until a plan is chosen.
 */
export const BILLING_STANDINGS = ['sponsored', 'active', 'past_due', 'restricted', 'canceled', 'none'] as const;
export type BillingStanding = (typeof BILLING_STANDINGS)[number];

/** What billing may refuse: a new staff seat, or a new case. Nothing else is ever refused. */
export type BillingGate = 'new_seat' | 'new_case';

export const DEFAULT_GRACE_DAYS = 14;
const DAY_MS = 86_400_000;

/** Stripe subscription statuses as far as standing is concerned. */
const IN_GOOD_STANDING = new Set(['active', 'trialing']);
const PAST_DUE = new Set(['past_due', 'unpaid']);
const ENDED = new Set(['canceled', 'incomplete_expired', 'paused']);

export interface BillingFacts {
  /** False when the platform runs without Stripe: every provider behaves as sponsored. */
  enabled: boolean;
  /** The pilot plan is granted, with its seat limit. */
  sponsored: boolean;
  pilotSeatLimit: number | null;
  /** The Stripe subscription's status, as last fetched from Stripe; null without one. */
  subscriptionStatus: string | null;
  /** When the unpaid period began (the failed invoice's date), while past due. */
  pastDueSince: Date | null;
  graceDays: number;
}

export interface Standing {
  standing: BillingStanding;
  /** When restriction starts, while past due. */
  graceEndsAt: Date | null;
  /** Days until then, rounded up (1 on the last day, 0 once restricted), while past due. */
  graceDaysLeft: number | null;
  /** Whether a paid subscription currently pays for seats (active, or past due within grace). */
  paidSeats: boolean;
}

/** The paid subscription's own standing, ignoring sponsorship. */
function subscriptionStanding(f: BillingFacts, now: Date): Omit<Standing, 'paidSeats'> {
  const status = f.subscriptionStatus;
  if (status && IN_GOOD_STANDING.has(status)) return { standing: 'active', graceEndsAt: null, graceDaysLeft: null };
  if (status && PAST_DUE.has(status)) {
    const since = f.pastDueSince ?? now;
    const graceEndsAt = new Date(since.getTime() + f.graceDays * DAY_MS);
    if (now < graceEndsAt) {
      return { standing: 'past_due', graceEndsAt, graceDaysLeft: Math.ceil((graceEndsAt.getTime() - now.getTime()) / DAY_MS) };
    }
    return { standing: 'restricted', graceEndsAt, graceDaysLeft: 0 };
  }
  if (status && ENDED.has(status)) return { standing: 'canceled', graceEndsAt: null, graceDaysLeft: null };
  // No subscription, or one whose first payment is still pending (`incomplete`).
  return { standing: 'none', graceEndsAt: null, graceDaysLeft: null };
}

/** The provider's standing at `now`, evaluated from stored dates (no job has to have run). */
export function billingStanding(f: BillingFacts, now: Date): Standing {
  if (!f.enabled) return { standing: 'sponsored', graceEndsAt: null, graceDaysLeft: null, paidSeats: false };
  const paid = subscriptionStanding(f, now);
  const paidSeats = paid.standing === 'active' || paid.standing === 'past_due';
  // Sponsored providers never reach past due or restricted: a failing subscription for extra
  // seats only stops paying for those extra seats.
  if (f.sponsored) return { standing: 'sponsored', graceEndsAt: null, graceDaysLeft: null, paidSeats };
  return { ...paid, paidSeats };
}

/** Seats the subscription should be billed for: staff beyond the sponsored seats. */
export function billableSeats(usedSeats: number, f: Pick<BillingFacts, 'sponsored' | 'pilotSeatLimit'>): number {
  const sponsoredSeats = f.sponsored ? (f.pilotSeatLimit ?? 0) : 0;
  return Math.max(0, usedSeats - sponsoredSeats);
}

/** Seats allowed: the pilot limit for a sponsored provider without paid seats; otherwise unlimited (null), billed per seat. */
export function allowedSeats(f: BillingFacts, s: Standing): number | null {
  if (!f.enabled) return null;
  if (s.paidSeats) return null;
  if (f.sponsored) return f.pilotSeatLimit ?? 0;
  return null;
}

export type GateVerdict =
  | { allowed: true }
  | { allowed: false; reason: 'billing_restricted' | 'seat_limit_reached' };

/**
 * Whether billing lets the provider start something new. `usedSeats` counts staff who hold a
 * seat now (invited or active), before the new one.
 */
export function billingAllows(gate: BillingGate, f: BillingFacts, s: Standing, usedSeats: number): GateVerdict {
  if (s.standing === 'restricted' || s.standing === 'canceled' || s.standing === 'none') {
    return { allowed: false, reason: 'billing_restricted' };
  }
  if (gate === 'new_seat') {
    const limit = allowedSeats(f, s);
    if (limit !== null && usedSeats >= limit) return { allowed: false, reason: 'seat_limit_reached' };
  }
  return { allowed: true };
}
