import { describe, expect, it } from 'vitest';
import { allowedSeats, billableSeats, billingAllows, billingStanding, type BillingFacts } from '../src/billing.ts';

const DAY = 86_400_000;
const now = new Date('2026-12-01T12:00:00Z');
const facts = (f: Partial<BillingFacts>): BillingFacts => ({
  enabled: true, sponsored: false, pilotSeatLimit: null, subscriptionStatus: null, pastDueSince: null, graceDays: 14, ...f,
});

describe('billing standing', () => {
  it('treats every provider as sponsored when billing is off', () => {
    const f = facts({ enabled: false, subscriptionStatus: 'canceled' });
    expect(billingStanding(f, now).standing).toBe('sponsored');
    expect(allowedSeats(f, billingStanding(f, now))).toBeNull();
  });

  it('follows the subscription: active, canceled, none', () => {
    expect(billingStanding(facts({ subscriptionStatus: 'active' }), now).standing).toBe('active');
    expect(billingStanding(facts({ subscriptionStatus: 'trialing' }), now).standing).toBe('active');
    expect(billingStanding(facts({ subscriptionStatus: 'canceled' }), now).standing).toBe('canceled');
    expect(billingStanding(facts({ subscriptionStatus: 'incomplete' }), now).standing).toBe('none');
    expect(billingStanding(facts({}), now).standing).toBe('none');
  });

  it('keeps a past-due provider working through the grace period, then restricts it', () => {
    const since = new Date(now.getTime() - 3 * DAY);
    const f = facts({ subscriptionStatus: 'past_due', pastDueSince: since });
    const during = billingStanding(f, now);
    expect(during).toMatchObject({ standing: 'past_due', graceDaysLeft: 11, paidSeats: true });
    expect(during.graceEndsAt!.toISOString()).toBe(new Date(since.getTime() + 14 * DAY).toISOString());
    expect(billingStanding(f, new Date(since.getTime() + 14 * DAY - 1))).toMatchObject({ standing: 'past_due', graceDaysLeft: 1 });
    expect(billingStanding(f, new Date(since.getTime() + 14 * DAY)).standing).toBe('restricted');
    expect(billingStanding({ ...f, subscriptionStatus: 'unpaid' }, new Date(since.getTime() + 20 * DAY)).standing).toBe('restricted');
  });

  it('never lets a sponsored provider fall past due or restricted', () => {
    const f = facts({ sponsored: true, pilotSeatLimit: 5, subscriptionStatus: 'past_due', pastDueSince: new Date(now.getTime() - 30 * DAY) });
    const s = billingStanding(f, now);
    expect(s.standing).toBe('sponsored');
    expect(s.paidSeats).toBe(false);
    expect(allowedSeats(f, s)).toBe(5);
  });
});

describe('seats', () => {
  it('bills only the seats beyond the sponsored ones', () => {
    expect(billableSeats(7, { sponsored: false, pilotSeatLimit: null })).toBe(7);
    expect(billableSeats(7, { sponsored: true, pilotSeatLimit: 5 })).toBe(2);
    expect(billableSeats(3, { sponsored: true, pilotSeatLimit: 5 })).toBe(0);
  });

  it('limits a sponsored provider to its seats unless it pays for more', () => {
    const f = facts({ sponsored: true, pilotSeatLimit: 4 });
    const s = billingStanding(f, now);
    expect(billingAllows('new_seat', f, s, 3)).toEqual({ allowed: true });
    expect(billingAllows('new_seat', f, s, 4)).toEqual({ allowed: false, reason: 'seat_limit_reached' });
    expect(billingAllows('new_case', f, s, 40)).toEqual({ allowed: true });
    const paying = facts({ sponsored: true, pilotSeatLimit: 4, subscriptionStatus: 'active' });
    expect(billingAllows('new_seat', paying, billingStanding(paying, now), 4)).toEqual({ allowed: true });
  });

  it('refuses new seats and new cases when restricted, canceled or without a plan', () => {
    for (const f of [
      facts({ subscriptionStatus: 'past_due', pastDueSince: new Date(now.getTime() - 15 * DAY) }),
      facts({ subscriptionStatus: 'canceled' }),
      facts({}),
    ]) {
      const s = billingStanding(f, now);
      expect(billingAllows('new_seat', f, s, 1)).toEqual({ allowed: false, reason: 'billing_restricted' });
      expect(billingAllows('new_case', f, s, 1)).toEqual({ allowed: false, reason: 'billing_restricted' });
    }
    const pastDue = facts({ subscriptionStatus: 'past_due', pastDueSince: new Date(now.getTime() - DAY) });
    expect(billingAllows('new_case', pastDue, billingStanding(pastDue, now), 1)).toEqual({ allowed: true });
  });
});
