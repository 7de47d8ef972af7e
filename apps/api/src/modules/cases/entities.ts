import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import {
  CASE_STATUSES, CLOSURE_OUTCOMES, CONSENT_METHODS, DELIVERY_MODES, FAMILY_RELATIONS, MILITARY_STATUSES,
  PLAN_STEP_STATUSES, SEXES, type ConsentDataCategory, type NeedDomain, type Severity,
} from '@pilot/domain';
import { newId } from '../../lib/ids.ts';
import { tenantFilter } from '../../db/tenancy.ts';

const created = () => p.datetime().onCreate(() => new Date());
const updated = () => p.datetime().onCreate(() => new Date()).onUpdate(() => new Date());

/** A person served: a service member or a relative. */
export const Beneficiary = defineEntity({
  name: 'Beneficiary',
  tableName: 'beneficiary',
  filters: tenantFilter,
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    providerId: p.uuid(),
    lastName: p.string(),
    firstName: p.string(),
    patronymic: p.string().nullable(),
    fullName: p.string().persist(false).nullable(),
    birthDate: p.date().nullable(),
    sex: p.enum(SEXES).nullable(),
    /** Encrypted; `rnokppIndex` is its keyed blind index (modules/cases/pii.ts). */
    rnokpp: p.string().nullable(),
    rnokppIndex: p.string().nullable(),
    phones: p.array<string>().default([]),
    email: p.string().nullable(),
    oblastCode: p.string().nullable(),
    hromadaCode: p.string().nullable(),
    address: p.string().nullable(),
    categories: p.array<string>().default([]),
    isServiceMember: p.boolean().default(false),
    militaryRank: p.string().nullable(),
    unitCode: p.string().nullable(),
    militaryStatus: p.enum(MILITARY_STATUSES).nullable(),
    mergedIntoId: p.uuid().nullable(),
    anonymisedAt: p.datetime().nullable(),
    createdBy: p.uuid(),
    createdAt: created(),
    updatedAt: updated(),
    version: p.integer().version(),
  },
});
export type IBeneficiary = InferEntity<typeof Beneficiary>;

/** A relative linked to a service member: the family. */
export const FamilyLink = defineEntity({
  name: 'FamilyLink',
  tableName: 'family_link',
  filters: tenantFilter,
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    providerId: p.uuid(),
    memberId: p.uuid(),
    relativeId: p.uuid(),
    relation: p.enum(FAMILY_RELATIONS),
    createdAt: created(),
  },
});
export type IFamilyLink = InferEntity<typeof FamilyLink>;

export interface ConsentRecipient { providerId: string | null; organisation: string; dataCategories: ConsentDataCategory[] }

export const Consent = defineEntity({
  name: 'Consent',
  tableName: 'consent',
  filters: tenantFilter,
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    providerId: p.uuid(),
    beneficiaryId: p.uuid(),
    method: p.enum(CONSENT_METHODS),
    givenOn: p.date(),
    recordedBy: p.uuid(),
    purposes: p.array<string>(),
    recipients: p.json<ConsentRecipient[]>(),
    expiresOn: p.date().nullable(),
    withdrawnOn: p.date().nullable(),
    withdrawalReason: p.string().nullable(),
    withdrawnBy: p.uuid().nullable(),
    note: p.string().nullable(),
    createdAt: created(),
    version: p.integer().version(),
  },
});
export type IConsent = InferEntity<typeof Consent>;

/** One episode of accompaniment of a family by a provider. */
export const SupportCase = defineEntity({
  name: 'SupportCase',
  tableName: 'support_case',
  filters: tenantFilter,
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    providerId: p.uuid(),
    beneficiaryId: p.uuid(),
    /** Denormalised for the case list (architecture.md, "Performance floors"). */
    beneficiaryName: p.string(),
    unitCode: p.string().nullable(),
    status: p.enum(CASE_STATUSES).default('intake'),
    categories: p.array<string>(),
    assigneeId: p.uuid().nullable(),
    openedAt: p.datetime().onCreate(() => new Date()),
    assessmentDueOn: p.date().nullable(),
    firstContactAt: p.datetime().nullable(),
    lastContactAt: p.datetime().nullable(),
    closedAt: p.datetime().nullable(),
    closureOutcome: p.enum(CLOSURE_OUTCOMES).nullable(),
    closureNote: p.string().nullable(),
    previousCaseId: p.uuid().nullable(),
    sourceKind: p.enum(['intake', 'referral', 'reopen', 'transfer'] as const),
    sourceId: p.uuid().nullable(),
    createdBy: p.uuid(),
    createdAt: created(),
    updatedAt: updated(),
    version: p.integer().version(),
  },
});
export type ISupportCase = InferEntity<typeof SupportCase>;

export const CaseEvent = defineEntity({
  name: 'CaseEvent',
  tableName: 'case_event',
  filters: tenantFilter,
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    providerId: p.uuid(),
    caseId: p.uuid(),
    kind: p.string(),
    at: p.datetime().onCreate(() => new Date()),
    actorId: p.uuid().nullable(),
    data: p.json<Record<string, unknown>>().nullable(),
  },
});
export type ICaseEvent = InferEntity<typeof CaseEvent>;

export interface NeedEntry { domain: NeedDomain; severity: Severity; note: string | null }

export const Assessment = defineEntity({
  name: 'Assessment',
  tableName: 'assessment',
  filters: tenantFilter,
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    providerId: p.uuid(),
    caseId: p.uuid(),
    assessedOn: p.date(),
    assessorId: p.uuid(),
    needs: p.json<NeedEntry[]>(),
    summary: p.text().nullable(),
    reviewDueOn: p.date().nullable(),
    createdAt: created(),
  },
});
export type IAssessment = InferEntity<typeof Assessment>;

export const SupportPlan = defineEntity({
  name: 'SupportPlan',
  tableName: 'support_plan',
  filters: tenantFilter,
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    providerId: p.uuid(),
    caseId: p.uuid(),
    playbookVersionIds: p.array<string>().default([]),
    createdAt: created(),
    updatedAt: updated(),
    version: p.integer().version(),
  },
});
export type ISupportPlan = InferEntity<typeof SupportPlan>;

export interface StepDocument { name: string; received: boolean; receivedOn: string | null }

export const PlanStep = defineEntity({
  name: 'PlanStep',
  tableName: 'plan_step',
  filters: tenantFilter,
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    providerId: p.uuid(),
    planId: p.uuid(),
    caseId: p.uuid(),
    position: p.integer(),
    title: p.string(),
    measureId: p.uuid().nullable(),
    ownerId: p.uuid().nullable(),
    dueOn: p.date().nullable(),
    status: p.enum(PLAN_STEP_STATUSES).default('planned'),
    cancelReason: p.string().nullable(),
    completedAt: p.datetime().nullable(),
    documents: p.json<StepDocument[]>(),
    playbookVersionId: p.uuid().nullable(),
    createdAt: created(),
    updatedAt: updated(),
    version: p.integer().version(),
  },
});
export type IPlanStep = InferEntity<typeof PlanStep>;

export const ServiceDelivery = defineEntity({
  name: 'ServiceDelivery',
  tableName: 'service_delivery',
  filters: tenantFilter,
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    providerId: p.uuid(),
    caseId: p.uuid(),
    measureId: p.uuid(),
    measureVersionId: p.uuid(),
    deliveredOn: p.date(),
    durationMinutes: p.integer(),
    mode: p.enum(DELIVERY_MODES),
    deliveredBy: p.uuid(),
    outcome: p.text(),
    planStepId: p.uuid().nullable(),
    /** The transfer that brought this record from another provider (not counted as delivered here). */
    transferredFrom: p.uuid().nullable(),
    createdAt: created(),
  },
});
export type IServiceDelivery = InferEntity<typeof ServiceDelivery>;

export const CaseNote = defineEntity({
  name: 'CaseNote',
  tableName: 'case_note',
  filters: tenantFilter,
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    providerId: p.uuid(),
    caseId: p.uuid(),
    authorId: p.uuid(),
    body: p.text(),
    sensitive: p.boolean().default(false),
    createdAt: created(),
  },
});
export type ICaseNote = InferEntity<typeof CaseNote>;

export const CaseDocument = defineEntity({
  name: 'CaseDocument',
  tableName: 'case_document',
  filters: tenantFilter,
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    providerId: p.uuid(),
    caseId: p.uuid(),
    planStepId: p.uuid().nullable(),
    fileName: p.string(),
    contentType: p.string(),
    sizeBytes: p.integer(),
    sha256: p.string(),
    storageKey: p.string().unique(),
    uploadedBy: p.uuid(),
    createdAt: created(),
  },
});
export type ICaseDocument = InferEntity<typeof CaseDocument>;

/** Seen by both providers of a transfer (RLS: sender or receiver), so no single-tenant filter. */
export const CaseTransfer = defineEntity({
  name: 'CaseTransfer',
  tableName: 'case_transfer',
  filters: {
    tenant: {
      name: 'tenant',
      cond: (args: { tenantId?: string }) => ({ $or: [{ fromProviderId: args.tenantId }, { toProviderId: args.tenantId }] }),
      default: true,
    },
  },
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    fromProviderId: p.uuid(),
    toProviderId: p.uuid(),
    fromCaseId: p.uuid(),
    toCaseId: p.uuid().nullable(),
    consentId: p.uuid(),
    status: p.enum(['requested', 'accepted', 'declined'] as const).default('requested'),
    reason: p.text(),
    summary: p.json<{ beneficiaryName: string; birthYear: number | null; categories: string[]; fromProvider: string }>(),
    dataCategories: p.array<string>(),
    declineReason: p.string().nullable(),
    requestedBy: p.uuid(),
    requestedAt: p.datetime().onCreate(() => new Date()),
    decidedBy: p.uuid().nullable(),
    decidedAt: p.datetime().nullable(),
  },
});
export type ICaseTransfer = InferEntity<typeof CaseTransfer>;
