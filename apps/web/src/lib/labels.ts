/** Names of units', referrals' and service targets' values in the reader's language. */
import type {
  CaseCategory, DeclineReason, FamilyRelation, MilitaryStatus, ReferralConsentMethod, ReferralStatus, ReferralSubject, ReferrerStage,
  ServiceTarget, UnitKind, UnitPosition, UnitStatus, Urgency,
} from '@pilot/domain';
import { m } from '#paraglide/messages.js';
// Relations, situations and military status read as they do on cases.
import { CATEGORY, MILITARY_STATUS, RELATION } from './cases.ts';

const label = <K extends string>(map: Record<K, () => string>) => (key: K) => map[key]();
const options = <K extends string>(keys: readonly K[], name: (k: K) => string) => keys.map((value) => ({ value, label: name(value) }));
export { options };

export const unitKindLabel = label<UnitKind>({
  military_unit: m.unit_kind_military_unit, military_hospital: m.unit_kind_military_hospital,
  recruitment_centre: m.unit_kind_recruitment_centre, training_centre: m.unit_kind_training_centre,
});
export const unitStatusLabel = label<UnitStatus>({ active: m.unit_status_active, inactive: m.unit_status_inactive });
export const positionLabel = label<UnitPosition>({
  commander: m.position_commander, psychologist: m.position_psychologist, social_worker: m.position_social_worker,
  chaplain: m.position_chaplain, patronage_specialist: m.position_patronage_specialist, other: m.position_other,
});
export const subjectLabel = label<ReferralSubject>({ service_member: m.subject_service_member, family_member: m.subject_family_member });
export const relationLabel = (r: FamilyRelation) => RELATION[r]();
export const memberStatusLabel = (s: MilitaryStatus) => MILITARY_STATUS[s]();
export const categoryLabel = (c: CaseCategory) => CATEGORY[c]();
export const urgencyLabel = label<Urgency>({ normal: m.urgency_normal, urgent: m.urgency_urgent, emergency: m.urgency_emergency });
export const URGENCY_TONES = { normal: 'neutral', urgent: 'warning', emergency: 'danger' } as const;
export const consentLabel = label<ReferralConsentMethod>({ written: m.consent_written, verbal: m.consent_verbal });
export const declineReasonLabel = label<DeclineReason>({
  out_of_scope: m.decline_out_of_scope, no_capacity: m.decline_no_capacity, already_served: m.decline_already_served,
  person_unreachable: m.decline_person_unreachable, person_declined: m.decline_person_declined, other: m.decline_other,
});
export const referralStatusLabel = label<ReferralStatus>({
  submitted: m.referral_status_submitted, accepted: m.referral_status_accepted, declined: m.referral_status_declined, withdrawn: m.referral_status_withdrawn,
});
export const REFERRAL_STATUS_TONES = { submitted: 'info', accepted: 'success', declined: 'danger', withdrawn: 'neutral' } as const;
export const stageLabel = label<ReferrerStage>({
  submitted: m.stage_submitted, accepted: m.stage_accepted, first_contact: m.stage_first_contact, closed: m.stage_closed,
  declined: m.stage_declined, withdrawn: m.stage_withdrawn,
});
export const STAGE_TONES = { submitted: 'info', accepted: 'success', first_contact: 'success', closed: 'neutral', declined: 'danger', withdrawn: 'neutral' } as const;
export const targetLabel = label<ServiceTarget>({
  acknowledgement: m.target_acknowledgement, first_contact: m.target_first_contact, assessment: m.target_assessment,
});
export const eventLabel = label<'submitted' | 'accepted' | 'declined' | 'withdrawn' | 'first_contact' | 'assessed' | 'closed' | 'reminder' | 'escalation'>({
  submitted: m.event_submitted, accepted: m.event_accepted, declined: m.event_declined, withdrawn: m.event_withdrawn,
  first_contact: m.event_first_contact, assessed: m.event_assessed, closed: m.event_closed, reminder: m.event_reminder, escalation: m.event_escalation,
});

/** "in 5 h" / "3 h overdue": the countdown to a deadline, from `now`. */
export function countdown(dueAt: string, now = Date.now()): { text: string; overdue: boolean } {
  const ms = new Date(dueAt).getTime() - now;
  const hours = Math.round(Math.abs(ms) / 3_600_000);
  const span = hours >= 48 ? m.span_days({ count: Math.round(hours / 24) }) : m.span_hours({ count: Math.max(1, hours) });
  return ms < 0 ? { text: m.countdown_overdue({ span }), overdue: true } : { text: m.countdown_left({ span }), overdue: false };
}
