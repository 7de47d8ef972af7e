/**
 * Referrals (направлення): a unit contact asks the provider assigned to the unit to take up a
 * service member or a family member (domain.md, "Lifecycles"). Relations, the service member's
 * status and the categories are the case model's (cases.ts): an accepted referral becomes a case.
 */
import { CASE_CATEGORIES, type CaseCategory } from './cases.ts';

export const REFERRAL_STATUSES = ['submitted', 'accepted', 'declined', 'withdrawn'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** submitted → accepted | declined | withdrawn; the three outcomes are final. */
const TRANSITIONS: Record<ReferralStatus, readonly ReferralStatus[]> = {
  submitted: ['accepted', 'declined', 'withdrawn'],
  accepted: [],
  declined: [],
  withdrawn: [],
};

export const canReferralTransition = (from: ReferralStatus, to: ReferralStatus): boolean => TRANSITIONS[from].includes(to);

/** Who is referred: the service member themselves or a relative. */
export const REFERRAL_SUBJECTS = ['service_member', 'family_member'] as const;
export type ReferralSubject = (typeof REFERRAL_SUBJECTS)[number];

/** Beneficiary situations (domain.md): a referral may carry several; they become the case's. */
export const REFERRAL_CATEGORIES = CASE_CATEGORIES;
export type ReferralCategory = CaseCategory;

export const URGENCIES = ['normal', 'urgent', 'emergency'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Consent to share with the provider: written, or verbal and recorded as such. */
export const REFERRAL_CONSENT_METHODS = ['written', 'verbal'] as const;
export type ReferralConsentMethod = (typeof REFERRAL_CONSENT_METHODS)[number];

/** Why a provider declines; the referrer sees only this category, never the provider's note. */
export const DECLINE_REASONS = ['out_of_scope', 'no_capacity', 'already_served', 'person_unreachable', 'person_declined', 'other'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

/**
 * What the referrer may know of where a referral stands (domain.md: submitted, accepted, first
 * contact made, closed; plus declined and their own withdrawal). Nothing of the case behind it.
 */
export const REFERRER_STAGES = ['submitted', 'accepted', 'first_contact', 'closed', 'declined', 'withdrawn'] as const;
export type ReferrerStage = (typeof REFERRER_STAGES)[number];

export function referrerStage(r: { status: ReferralStatus; firstContactAt?: unknown; closedAt?: unknown }): ReferrerStage {
  if (r.status !== 'accepted') return r.status;
  if (r.closedAt) return 'closed';
  if (r.firstContactAt) return 'first_contact';
  return 'accepted';
}
