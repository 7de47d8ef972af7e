/** Words of case management in the reader's language (domain.md names → message catalogue). */
import type {
  CaseCategory, CaseStatus, ClosureOutcome, ConsentDataCategory, ConsentMethod, ConsentPurpose, ConsentState, DeliveryMode,
  FamilyRelation, MilitaryStatus, NeedDomain, PlanStepStatus, Severity,
} from '@pilot/domain';
import {
  CASE_CATEGORIES, CONSENT_DATA_CATEGORIES, CONSENT_METHODS, CONSENT_PURPOSES, DELIVERY_MODES, FAMILY_RELATIONS,
  MANUAL_CLOSURE_OUTCOMES, MILITARY_STATUSES, NEED_DOMAINS, SEVERITIES,
} from '@pilot/domain';
import { m } from '#paraglide/messages.js';
import { getLocale } from '#paraglide/runtime.js';

type Labels<K extends string> = Record<K, () => string>;

export const CASE_STATUS: Labels<CaseStatus> = {
  intake: m.case_status_intake, assessment: m.case_status_assessment, active: m.case_status_active, closed: m.case_status_closed,
};
export const CASE_STATUS_TONES = { intake: 'info', assessment: 'warning', active: 'success', closed: 'neutral' } as const;

export const CATEGORY: Labels<CaseCategory> = {
  mobilized: m.category_mobilized, serving: m.category_serving, wounded: m.category_wounded,
  released_from_captivity: m.category_released_from_captivity, preparing_discharge: m.category_preparing_discharge,
  family_of_pow: m.category_family_of_pow, family_of_missing: m.category_family_of_missing,
  family_of_fallen: m.category_family_of_fallen, idp_family: m.category_idp_family,
};

export const OUTCOME: Labels<ClosureOutcome> = {
  goals_met: m.outcome_goals_met, partly_met: m.outcome_partly_met, declined_further_help: m.outcome_declined_further_help,
  lost_contact: m.outcome_lost_contact, moved: m.outcome_moved, transferred: m.outcome_transferred, deceased: m.outcome_deceased,
};

export const MILITARY_STATUS: Labels<MilitaryStatus> = {
  serving: m.military_serving, wounded: m.military_wounded, in_captivity: m.military_in_captivity,
  missing: m.military_missing, fallen: m.military_fallen, discharged: m.military_discharged,
};

export const RELATION: Labels<FamilyRelation> = {
  spouse: m.relation_spouse, child: m.relation_child, parent: m.relation_parent, sibling: m.relation_sibling, other: m.relation_other,
};

export const NEED_DOMAIN: Labels<NeedDomain> = {
  documents: m.need_documents, benefits: m.need_benefits, health: m.need_health, mental_health: m.need_mental_health,
  legal: m.need_legal, housing: m.need_housing, employment: m.need_employment, education: m.need_education,
  family_relations: m.need_family_relations, safety: m.need_safety, addiction_risk: m.need_addiction_risk, material_needs: m.need_material_needs,
};

export const SEVERITY: Labels<Severity> = {
  none: m.severity_none, low: m.severity_low, moderate: m.severity_moderate, high: m.severity_high, critical: m.severity_critical,
};
export const SEVERITY_TONES = { none: 'neutral', low: 'info', moderate: 'warning', high: 'danger', critical: 'danger' } as const;

export const STEP_STATUS: Labels<PlanStepStatus> = {
  planned: m.step_planned, in_progress: m.step_in_progress, done: m.step_done, cancelled: m.step_cancelled,
};
export const STEP_STATUS_TONES = { planned: 'neutral', in_progress: 'info', done: 'success', cancelled: 'neutral' } as const;

export const MODE: Labels<DeliveryMode> = {
  in_person: m.mode_in_person, phone: m.mode_phone, video: m.mode_video, home_visit: m.mode_home_visit, outreach: m.mode_outreach,
};

export const CONSENT_METHOD: Labels<ConsentMethod> = { written: m.consent_method_written, verbal: m.consent_method_verbal, electronic: m.consent_method_electronic };
export const CONSENT_PURPOSE: Labels<ConsentPurpose> = {
  case_management: m.consent_purpose_case_management, referral: m.consent_purpose_referral, transfer: m.consent_purpose_transfer,
  sharing_with_state_bodies: m.consent_purpose_sharing_with_state_bodies,
};
export const CONSENT_DATA: Labels<ConsentDataCategory> = {
  identity: m.consent_data_identity, contacts: m.consent_data_contacts, military: m.consent_data_military, assessment: m.consent_data_assessment,
  plan: m.consent_data_plan, deliveries: m.consent_data_deliveries, documents: m.consent_data_documents, notes: m.consent_data_notes,
};
export const CONSENT_STATE: Labels<ConsentState> = { active: m.consent_state_active, expired: m.consent_state_expired, withdrawn: m.consent_state_withdrawn };
export const CONSENT_STATE_TONES = { active: 'success', expired: 'danger', withdrawn: 'danger' } as const;

const options = <K extends string>(keys: readonly K[], labels: Labels<K>) => keys.map((value) => ({ value, label: labels[value]() }));
export const categoryOptions = () => options(CASE_CATEGORIES, CATEGORY);
export const outcomeOptions = () => options(MANUAL_CLOSURE_OUTCOMES, OUTCOME);
export const militaryStatusOptions = () => options(MILITARY_STATUSES, MILITARY_STATUS);
export const relationOptions = () => options(FAMILY_RELATIONS, RELATION);
export const needDomainOptions = () => NEED_DOMAINS.map((value) => ({ value, label: NEED_DOMAIN[value]() }));
export const severityOptions = () => options(SEVERITIES, SEVERITY);
export const modeOptions = () => options(DELIVERY_MODES, MODE);
export const consentMethodOptions = () => options(CONSENT_METHODS, CONSENT_METHOD);
export const consentPurposeOptions = () => options(CONSENT_PURPOSES, CONSENT_PURPOSE);
export const consentDataOptions = () => options(CONSENT_DATA_CATEGORIES, CONSENT_DATA);

/** A catalogue text in the reader's language (entries carry both). */
export const localized = (uk: string, en: string) => (getLocale() === 'en' ? en : uk);

export const CASE_TABS = ['overview', 'family', 'consent', 'assessment', 'plan', 'deliveries', 'documents', 'notes', 'history'] as const;
export type CaseTab = (typeof CASE_TABS)[number];

/** A case page form's target: the named action, staying on its tab afterwards. */
export const caseAction = (tab: CaseTab, name: string) => `?tab=${tab}&/${name}`;

/** The fields of the person form (intake, a relative), as named in the page. */
export const PERSON_FIELDS = [
  'lastName', 'firstName', 'patronymic', 'birthDate', 'sex', 'rnokpp', 'phone', 'phone2', 'email', 'oblastCode',
  'hromadaCode', 'address', 'militaryRank', 'unitCode', 'militaryStatus',
] as const;
/** Step one's answers, carried through step two of intake as hidden fields. */
export const PERSON_HIDDEN = [...PERSON_FIELDS, 'isServiceMember'] as const;
