/** Dates and names of things in the reader's language, via Intl and the message catalogue. */
import { OBLASTS, type AccreditationStatus, type BillingPlan, type BillingStanding, type Role } from '@pilot/domain';
import type { TStaffMember } from '@pilot/contracts';
import { m } from '#paraglide/messages.js';
import { getLocale } from '#paraglide/runtime.js';

// en-GB rather than en-US: day before month, as people in Ukraine read dates.
const intlLocale = () => (getLocale() === 'uk' ? 'uk-UA' : 'en-GB');

export const formatDate = (iso: string) =>
  new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'medium' }).format(new Date(iso));

export const formatDateTime = (iso: string) =>
  new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

const ROLE_LABELS: Record<Role, () => string> = {
  platform_operator: m.role_platform_operator,
  ministry_coordinator: m.role_ministry_coordinator,
  ngo_admin: m.role_ngo_admin,
  supervisor: m.role_supervisor,
  case_manager: m.role_case_manager,
  unit_contact: m.role_unit_contact,
};
export const roleLabel = (role: Role) => ROLE_LABELS[role]();

const STAFF_STATUS_LABELS: Record<TStaffMember['status'], () => string> = {
  invited: m.staff_status_invited,
  active: m.staff_status_active,
  deactivated: m.staff_status_deactivated,
};
export const staffStatusLabel = (status: TStaffMember['status']) => STAFF_STATUS_LABELS[status]();

const ACCREDITATION_LABELS: Record<AccreditationStatus, () => string> = {
  pending: m.accreditation_pending,
  accredited: m.accreditation_accredited,
  suspended: m.accreditation_suspended,
  revoked: m.accreditation_revoked,
};
export const accreditationLabel = (status: AccreditationStatus) => ACCREDITATION_LABELS[status]();

/** Badge colours: accredited reads as good, suspension as a problem, the rest as neutral or pending. */
export const ACCREDITATION_TONES = { pending: 'warning', accredited: 'success', suspended: 'danger', revoked: 'neutral' } as const;

export const oblastName = (code: string) => {
  const oblast = OBLASTS.find((o) => o.code === code);
  return oblast ? oblast[getLocale()] : code;
};

/** Oblasts sorted by their name in the reader's language, for select lists. */
export const oblastOptions = () =>
  OBLASTS.map((o) => ({ value: o.code, label: o[getLocale()] })).sort((a, b) =>
    a.label.localeCompare(b.label, intlLocale()),
  );

/** Stripe amounts are in the currency's minor unit (kopiykas for UAH). */
export const formatMoney = (amount: number, currency: string) =>
  new Intl.NumberFormat(intlLocale(), { style: 'currency', currency: currency.toUpperCase() }).format(amount / 100);

const STANDING_LABELS: Record<BillingStanding, () => string> = {
  sponsored: m.billing_standing_sponsored,
  active: m.billing_standing_active,
  past_due: m.billing_standing_past_due,
  restricted: m.billing_standing_restricted,
  canceled: m.billing_standing_canceled,
  none: m.billing_standing_none,
};
export const standingLabel = (s: BillingStanding) => STANDING_LABELS[s]();
export const STANDING_TONES = { sponsored: 'info', active: 'success', past_due: 'warning', restricted: 'danger', canceled: 'neutral', none: 'neutral' } as const;

const PLAN_LABELS: Record<BillingPlan, () => string> = {
  pilot: m.billing_plan_pilot,
  monthly: m.billing_plan_monthly,
  yearly: m.billing_plan_yearly,
};
export const planLabel = (p: BillingPlan) => PLAN_LABELS[p]();
export const plansLabel = (plans: BillingPlan[]) => (plans.length ? plans.map(planLabel).join(' + ') : m.billing_plan_none());

/** "4 of 25", or "4 (billed per seat)" when there is no cap. */
export const seatsLabel = (seats: { used: number; allowed: number | null }) =>
  seats.allowed === null ? m.billing_seats_unlimited({ used: seats.used }) : m.billing_seats_value({ used: seats.used, allowed: seats.allowed });
