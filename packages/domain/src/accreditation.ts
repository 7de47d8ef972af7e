/**
 * The accreditation lifecycle of a provider (domain.md, "Words"): the ministry's decision that
 * a provider meets the pilot's criteria. Every change is a decision with its number and date;
 * an accreditation is valid between two dates; history is kept, never overwritten.
 *
 *   pending ──accredit──▶ accredited ──suspend──▶ suspended ──accredit (reinstate)──▶ accredited
 *      │                      │  ▲ accredit (renew)    │
 *      └──revoke (refuse)──▶ revoked ◀──revoke─────────┘
 *                               └──accredit, only on a new decision──▶ accredited
 */
import type { AccreditationStatus } from './roles.ts';

export const ACCREDITATION_ACTIONS = ['accredit', 'suspend', 'revoke'] as const;
export type AccreditationAction = (typeof ACCREDITATION_ACTIONS)[number];

/** How far ahead an accreditation's end is flagged. */
export const ACCREDITATION_EXPIRY_WARNING_DAYS = 30;

const TARGET: Record<AccreditationAction, AccreditationStatus> = {
  accredit: 'accredited',
  suspend: 'suspended',
  revoke: 'revoked',
};

const ALLOWED: Record<AccreditationStatus, readonly AccreditationAction[]> = {
  pending: ['accredit', 'revoke'],
  accredited: ['accredit', 'suspend', 'revoke'],
  suspended: ['accredit', 'revoke'],
  revoked: ['accredit'],
};

export interface AccreditationDecisionFacts {
  action: AccreditationAction;
  decisionNumber: string;
  decisionDate: string;
}

export interface PastDecision { status: AccreditationStatus; decisionNumber: string; decisionDate: string }

export type TransitionRefusal =
  | { code: 'invalid_transition'; message: string }
  | { code: 'new_decision_required'; message: string };

/**
 * Whether a decision may be recorded on a provider in `current` status with `history` (oldest
 * first). Returns the new status, or why not. Re-accrediting a revoked provider needs a new
 * decision: a number not used before and a date not before the revocation.
 */
export function accreditationTransition(current: AccreditationStatus, decision: AccreditationDecisionFacts, history: readonly PastDecision[]):
  { ok: true; status: AccreditationStatus } | { ok: false; refusal: TransitionRefusal } {
  if (!ALLOWED[current].includes(decision.action)) {
    return { ok: false, refusal: { code: 'invalid_transition', message: `A ${current} provider cannot be ${TARGET[decision.action]}` } };
  }
  if (history.some((d) => d.decisionNumber === decision.decisionNumber)) {
    return { ok: false, refusal: { code: 'new_decision_required', message: `Decision ${decision.decisionNumber} is already recorded for this provider` } };
  }
  if (current === 'revoked' && decision.action === 'accredit') {
    const revocation = [...history].reverse().find((d) => d.status === 'revoked');
    if (revocation && decision.decisionDate < revocation.decisionDate) {
      return { ok: false, refusal: { code: 'new_decision_required', message: 'Accrediting a revoked provider needs a decision taken after the revocation' } };
    }
  }
  return { ok: true, status: TARGET[decision.action] };
}

/** Providers that may receive new referrals: accredited ones. Suspended or revoked keep their cases. */
export const receivesReferrals = (status: AccreditationStatus) => status === 'accredited';

export type AccreditationFlag = 'expired' | 'expiring' | null;

/** An accredited provider whose validity ends within the warning window, or has ended. */
export function accreditationFlag(status: AccreditationStatus, validUntil: string | null, today: string): AccreditationFlag {
  if (status !== 'accredited' || !validUntil) return null;
  if (validUntil < today) return 'expired';
  return daysBetween(today, validUntil) <= ACCREDITATION_EXPIRY_WARNING_DAYS ? 'expiring' : null;
}

/** Whole days from one ISO date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
