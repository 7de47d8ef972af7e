/**
 * Case management words and lifecycles (domain.md, "Lifecycles" and "Beneficiary situations").
 * Pure rules, no I/O: the API enforces them, the web app labels them.
 */

/** Beneficiary situations; a case (and a person) can carry several. */
export const CASE_CATEGORIES = [
  'mobilized',
  'serving',
  'wounded',
  'released_from_captivity',
  'preparing_discharge',
  'family_of_pow',
  'family_of_missing',
  'family_of_fallen',
  'idp_family',
] as const;
export type CaseCategory = (typeof CASE_CATEGORIES)[number];

export const CASE_STATUSES = ['intake', 'assessment', 'active', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CLOSURE_OUTCOMES = [
  'goals_met',
  'partly_met',
  'declined_further_help',
  'lost_contact',
  'moved',
  'transferred',
  'deceased',
] as const;
export type ClosureOutcome = (typeof CLOSURE_OUTCOMES)[number];

/**
 * Allowed moves of a case. Closing is possible from any open status (a family may decline at
 * intake); reopening a closed case creates a new episode instead of moving this one back.
 */
const TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  intake: ['assessment', 'closed'],
  assessment: ['active', 'closed'],
  active: ['assessment', 'closed'],
  closed: [],
};

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** `transferred` is set by an accepted transfer only, never chosen by hand. */
export const MANUAL_CLOSURE_OUTCOMES = CLOSURE_OUTCOMES.filter((o) => o !== 'transferred');

/** Statuses in which work is recorded (deliveries, plan steps, assessments). */
export const isOpenCase = (status: CaseStatus) => status !== 'closed';

export const MILITARY_STATUSES = ['serving', 'wounded', 'in_captivity', 'missing', 'fallen', 'discharged'] as const;
export type MilitaryStatus = (typeof MILITARY_STATUSES)[number];

export const SEXES = ['female', 'male'] as const;
export type Sex = (typeof SEXES)[number];

export const FAMILY_RELATIONS = ['spouse', 'child', 'parent', 'sibling', 'other'] as const;
export type FamilyRelation = (typeof FAMILY_RELATIONS)[number];

// ---- needs assessment ----
export const NEED_DOMAINS = [
  'documents',
  'benefits',
  'health',
  'mental_health',
  'legal',
  'housing',
  'employment',
  'education',
  'family_relations',
  'safety',
  'addiction_risk',
  'material_needs',
] as const;
export type NeedDomain = (typeof NEED_DOMAINS)[number];

export const SEVERITIES = ['none', 'low', 'moderate', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

// ---- support plan and deliveries ----
export const PLAN_STEP_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type PlanStepStatus = (typeof PLAN_STEP_STATUSES)[number];
export const OPEN_STEP_STATUSES = ['planned', 'in_progress'] as const satisfies readonly PlanStepStatus[];

/** A step is overdue when it is still open and its due date has passed (dates as YYYY-MM-DD). */
export function isOverdue(step: { status: PlanStepStatus; dueOn?: string | null }, today: string): boolean {
  return (OPEN_STEP_STATUSES as readonly string[]).includes(step.status) && step.dueOn != null && step.dueOn < today;
}

/** Who owns a playbook step when it becomes a plan step. */
export const STEP_OWNER_ROLES = ['case_manager', 'supervisor'] as const;
export type StepOwnerRole = (typeof STEP_OWNER_ROLES)[number];

export const DELIVERY_MODES = ['in_person', 'phone', 'video', 'home_visit', 'outreach'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

// ---- consent ----
export const CONSENT_METHODS = ['written', 'verbal', 'electronic'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

/** What the person agreed their data may be used for. */
export const CONSENT_PURPOSES = ['case_management', 'referral', 'transfer', 'sharing_with_state_bodies'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** Which parts of the record a named recipient may receive. */
export const CONSENT_DATA_CATEGORIES = ['identity', 'contacts', 'military', 'assessment', 'plan', 'deliveries', 'documents', 'notes'] as const;
export type ConsentDataCategory = (typeof CONSENT_DATA_CATEGORIES)[number];

export type ConsentState = 'active' | 'expired' | 'withdrawn';

export function consentState(c: { expiresOn?: string | null; withdrawnOn?: string | null }, today: string): ConsentState {
  if (c.withdrawnOn != null && c.withdrawnOn <= today) return 'withdrawn';
  if (c.expiresOn != null && c.expiresOn < today) return 'expired';
  return 'active';
}

/** ISO date (YYYY-MM-DD) of a Date, in UTC. */
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDay(d);
}

