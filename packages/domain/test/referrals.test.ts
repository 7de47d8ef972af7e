import { describe, expect, it } from 'vitest';
import { canReferralTransition as canTransition, REFERRAL_STATUSES, referrerStage } from '../src/referrals.ts';

describe('referral lifecycle', () => {
  it('moves from submitted to exactly one outcome, and never on from there', () => {
    expect(canTransition('submitted', 'accepted')).toBe(true);
    expect(canTransition('submitted', 'declined')).toBe(true);
    expect(canTransition('submitted', 'withdrawn')).toBe(true);
    for (const from of ['accepted', 'declined', 'withdrawn'] as const) {
      for (const to of REFERRAL_STATUSES) expect(canTransition(from, to), `${from} → ${to}`).toBe(false);
    }
    expect(canTransition('submitted', 'submitted')).toBe(false);
  });

  it('shows the referrer how far an accepted referral got, and nothing else', () => {
    expect(referrerStage({ status: 'submitted' })).toBe('submitted');
    expect(referrerStage({ status: 'declined', firstContactAt: null })).toBe('declined');
    expect(referrerStage({ status: 'accepted', firstContactAt: null, closedAt: null })).toBe('accepted');
    expect(referrerStage({ status: 'accepted', firstContactAt: new Date() })).toBe('first_contact');
    expect(referrerStage({ status: 'accepted', firstContactAt: new Date(), closedAt: new Date() })).toBe('closed');
  });
});
