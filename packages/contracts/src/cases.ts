import { z } from 'zod';
import {
  CASE_CATEGORIES, CASE_STATUSES, CLOSURE_OUTCOMES, CONSENT_DATA_CATEGORIES, CONSENT_METHODS, CONSENT_PURPOSES,
  DELIVERY_MODES, FAMILY_RELATIONS, isValidRnokpp, localDate, MILITARY_STATUSES, NEED_DOMAINS, normalizeUnitCode,
  PLAN_STEP_STATUSES, SEVERITIES, SEXES, STEP_OWNER_ROLES,
} from '@pilot/domain';
import { page, text, ZIsoDate, ZPageQuery, ZTimestamp, ZUuid } from './common.ts';
import { ZEmail, ZOblastCode, ZPhone } from './identity.ts';

export const ZCaseCategory = z.enum(CASE_CATEGORIES);
export const ZCaseStatus = z.enum(CASE_STATUSES);
export const ZClosureOutcome = z.enum(CLOSURE_OUTCOMES);
export const ZMilitaryStatus = z.enum(MILITARY_STATUSES);
export const ZSex = z.enum(SEXES);
export const ZFamilyRelation = z.enum(FAMILY_RELATIONS);
export const ZNeedDomain = z.enum(NEED_DOMAINS);
export const ZSeverity = z.enum(SEVERITIES);
export const ZPlanStepStatus = z.enum(PLAN_STEP_STATUSES);
export const ZDeliveryMode = z.enum(DELIVERY_MODES);
export const ZConsentMethod = z.enum(CONSENT_METHODS);
export const ZConsentPurpose = z.enum(CONSENT_PURPOSES);
export const ZConsentDataCategory = z.enum(CONSENT_DATA_CATEGORIES);
export const ZConsentState = z.enum(['active', 'expired', 'withdrawn']);

/** Optimistic locking: every edit names the version it was based on. */
const ZVersion = z.number().int().min(1);

export const ZRnokpp = z.string().trim().refine(isValidRnokpp, 'RNOKPP must be 10 digits with a valid check digit');
export const ZUnitCode = z.string().max(10).transform((v, ctx) => {
  const code = normalizeUnitCode(v);
  if (!code) {
    ctx.addIssue({ code: 'custom', message: 'Military unit code must be А and 4 digits' });
    return z.NEVER;
  }
  return code;
});
/** A birth date is a past date, after 1900. */
const ZBirthDate = ZIsoDate.refine((d) => d >= '1900-01-01' && d <= localDate(new Date()), 'Date of birth must be in the past');

// ---- catalogue ----
export const ZMeasureVersion = z.object({
  id: ZUuid, version: z.number().int(), nameUk: z.string(), nameEn: z.string(),
  descriptionUk: z.string(), descriptionEn: z.string(), validFrom: ZIsoDate, validTo: ZIsoDate.nullable(),
});
export const ZMeasure = z.object({
  id: ZUuid, code: z.string(), retired: z.boolean(), current: ZMeasureVersion.nullable(), versions: z.array(ZMeasureVersion),
});
export type TMeasure = z.infer<typeof ZMeasure>;
export const ZMeasureList = z.object({ items: z.array(ZMeasure) });

const ZLabel = z.object({ uk: z.string(), en: z.string() });
export const ZPlaybookStep = z.object({
  key: z.string(), measureCode: z.string(), titleUk: z.string(), titleEn: z.string(), offsetDays: z.number().int(),
  ownerRole: z.enum(STEP_OWNER_ROLES), documents: z.array(ZLabel),
});
export const ZPlaybook = z.object({
  id: ZUuid, code: z.string(), retired: z.boolean(), versionId: ZUuid, version: z.number().int(),
  titleUk: z.string(), titleEn: z.string(), descriptionUk: z.string(), descriptionEn: z.string(),
  categories: z.array(ZCaseCategory), steps: z.array(ZPlaybookStep), checklist: z.array(ZLabel),
  validFrom: ZIsoDate, validTo: ZIsoDate.nullable(),
});
export type TPlaybook = z.infer<typeof ZPlaybook>;
export const ZPlaybookList = z.object({ items: z.array(ZPlaybook) });

/** A hromada of the KATOTTG codifier; Kyiv and Sevastopol (cities with special status) have no raion. */
export const ZHromada = z.object({
  code: z.string(), oblastCode: z.string(), raionUk: z.string().nullable(), raionEn: z.string().nullable(), nameUk: z.string(), nameEn: z.string(),
});
export const ZHromadaQuery = z.strictObject({ oblast: ZOblastCode.optional() });
export const ZHromadaList = z.object({ items: z.array(ZHromada) });

// ---- people ----
const ZIdentityFields = {
  lastName: text(100),
  firstName: text(100),
  patronymic: text(100).nullable().optional(),
  birthDate: ZBirthDate.nullable().optional(),
  sex: ZSex.nullable().optional(),
  rnokpp: ZRnokpp.nullable().optional(),
  phones: z.array(ZPhone).max(5),
  email: ZEmail.nullable().optional(),
  oblastCode: ZOblastCode.nullable().optional(),
  hromadaCode: z.string().regex(/^UA\d{17}$/, 'KATOTTG code').nullable().optional(),
  address: text(300).nullable().optional(),
  categories: z.array(ZCaseCategory).max(CASE_CATEGORIES.length),
  isServiceMember: z.boolean(),
  militaryRank: text(100).nullable().optional(),
  unitCode: ZUnitCode.nullable().optional(),
  militaryStatus: ZMilitaryStatus.nullable().optional(),
};
export const ZBeneficiaryInput = z.strictObject({
  ...ZIdentityFields,
  phones: ZIdentityFields.phones.default([]),
  categories: ZIdentityFields.categories.default([]),
  isServiceMember: ZIdentityFields.isServiceMember.default(false),
});
export type TBeneficiaryInput = z.infer<typeof ZBeneficiaryInput>;

/** An edit names only what changes (no defaults: a missing field stays as it is). */
export const ZBeneficiaryUpdate = z.strictObject({
  ...Object.fromEntries(Object.entries(ZIdentityFields).map(([k, v]) => [k, (v as z.ZodType).optional()])) as { [K in keyof typeof ZIdentityFields]: z.ZodOptional<(typeof ZIdentityFields)[K]> },
  version: ZVersion,
});
export type TBeneficiaryUpdate = z.infer<typeof ZBeneficiaryUpdate>;

export const ZBeneficiary = z.object({
  id: ZUuid,
  lastName: z.string(), firstName: z.string(), patronymic: z.string().nullable(), fullName: z.string(),
  birthDate: ZIsoDate.nullable(), sex: ZSex.nullable(), rnokpp: z.string().nullable(),
  phones: z.array(z.string()), email: z.string().nullable(),
  oblastCode: z.string().nullable(), hromadaCode: z.string().nullable(), address: z.string().nullable(),
  categories: z.array(ZCaseCategory), isServiceMember: z.boolean(), militaryRank: z.string().nullable(),
  unitCode: z.string().nullable(), militaryStatus: ZMilitaryStatus.nullable(),
  anonymised: z.boolean(),
  /** Set when the id asked for was merged into this record. */
  resolvedFrom: ZUuid.nullable(),
  version: z.number().int(),
});
export type TBeneficiary = z.infer<typeof ZBeneficiary>;

export const ZDuplicateCheck = z.strictObject({
  lastName: text(100),
  firstName: text(100),
  patronymic: text(100).nullable().optional(),
  birthDate: ZBirthDate.nullable().optional(),
  rnokpp: ZRnokpp.nullable().optional(),
});
export type TDuplicateCheck = z.infer<typeof ZDuplicateCheck>;
export const ZDuplicateMatch = z.object({
  id: ZUuid,
  fullName: z.string(),
  birthDate: ZIsoDate.nullable(),
  reason: z.enum(['rnokpp', 'name_and_birth_date']),
  similarity: z.number(),
  /** The person's open case here, if one exists and the caller may see it. */
  openCaseId: ZUuid.nullable(),
});
export type TDuplicateMatch = z.infer<typeof ZDuplicateMatch>;
/**
 * `matches` names only people the caller may see: for a case manager, those of their own
 * caseload (need-to-know); a supervisor sees every match. `withheld` says a possible duplicate
 * exists beyond that, without saying who: the case manager asks their supervisor.
 */
export const ZDuplicateResult = z.object({ matches: z.array(ZDuplicateMatch), withheld: z.boolean() });
export type TDuplicateResult = z.infer<typeof ZDuplicateResult>;

export const ZMergeBody = z.strictObject({ duplicateId: ZUuid, version: ZVersion });

// ---- consent ----
export const ZConsentRecipient = z.strictObject({
  providerId: ZUuid.nullable().default(null),
  organisation: text(200),
  dataCategories: z.array(ZConsentDataCategory).min(1),
});
export const ZConsentCreate = z.strictObject({
  method: ZConsentMethod,
  givenOn: ZIsoDate,
  purposes: z.array(ZConsentPurpose).min(1),
  recipients: z.array(ZConsentRecipient).max(20).default([]),
  expiresOn: ZIsoDate.nullable().optional(),
  note: text(1000).nullable().optional(),
});
export type TConsentCreate = z.infer<typeof ZConsentCreate>;
export const ZConsentWithdraw = z.strictObject({ withdrawnOn: ZIsoDate, reason: text(500), version: ZVersion });
export const ZConsent = z.object({
  id: ZUuid, beneficiaryId: ZUuid, method: ZConsentMethod, givenOn: ZIsoDate, recordedBy: z.string(),
  purposes: z.array(ZConsentPurpose), recipients: z.array(z.object({ providerId: ZUuid.nullable(), organisation: z.string(), dataCategories: z.array(ZConsentDataCategory) })),
  expiresOn: ZIsoDate.nullable(), withdrawnOn: ZIsoDate.nullable(), withdrawalReason: z.string().nullable(),
  note: z.string().nullable(), state: ZConsentState, createdAt: ZTimestamp, version: z.number().int(),
});
export type TConsent = z.infer<typeof ZConsent>;
export const ZConsentList = z.object({ items: z.array(ZConsent) });

// ---- cases ----
export const ZCaseCreate = z.strictObject({
  /** A new person (checked for duplicates first) or one already known to the provider. */
  beneficiary: ZBeneficiaryInput.optional(),
  beneficiaryId: ZUuid.optional(),
  categories: z.array(ZCaseCategory).min(1).max(CASE_CATEGORIES.length),
  assigneeId: ZUuid.nullable().optional(),
  /** The person saw the possible duplicates and confirmed this is someone else. */
  confirmNew: z.boolean().default(false),
  consent: ZConsentCreate.optional(),
}).refine((b) => Boolean(b.beneficiary) !== Boolean(b.beneficiaryId), {
  message: 'Give either a new beneficiary or an existing beneficiaryId', path: ['beneficiary'],
});
export type TCaseCreate = z.infer<typeof ZCaseCreate>;

export const ZCaseCreated = z.object({ caseId: ZUuid, beneficiaryId: ZUuid });

const ZBoolParam = z.enum(['true', 'false']).transform((v) => v === 'true');
export const ZCaseListQuery = ZPageQuery.extend({
  status: ZCaseStatus.optional(),
  category: ZCaseCategory.optional(),
  /** A staff member's id, `me`, or `none` for unassigned cases. */
  assignee: z.union([ZUuid, z.enum(['me', 'none'])]).optional(),
  unit: ZUnitCode.optional(),
  overdue: ZBoolParam.optional(),
  q: z.string().trim().max(100).optional(),
});
export type TCaseListQuery = z.infer<typeof ZCaseListQuery>;
export const ZCaseExportQuery = ZCaseListQuery.omit({ cursor: true, limit: true }).extend({ format: z.enum(['csv', 'xlsx']).default('csv') });

export const ZCaseSummary = z.object({
  id: ZUuid, beneficiaryId: ZUuid, beneficiaryName: z.string(), status: ZCaseStatus, categories: z.array(ZCaseCategory),
  assigneeId: ZUuid.nullable(), assigneeName: z.string().nullable(), unitCode: z.string().nullable(),
  openedAt: ZTimestamp, lastContactAt: ZTimestamp.nullable(), overdueSteps: z.number().int(),
  closureOutcome: ZClosureOutcome.nullable(),
});
export type TCaseSummary = z.infer<typeof ZCaseSummary>;
export const ZCasePage = page(ZCaseSummary);

export const ZCase = ZCaseSummary.extend({
  beneficiary: ZBeneficiary,
  consentState: ZConsentState.nullable(),
  assessmentDueOn: ZIsoDate.nullable(),
  firstContactAt: ZTimestamp.nullable(),
  closedAt: ZTimestamp.nullable(),
  closureNote: z.string().nullable(),
  previousCaseId: ZUuid.nullable(),
  nextCaseId: ZUuid.nullable(),
  sourceKind: z.enum(['intake', 'referral', 'reopen', 'transfer']),
  /** Closed cases are read-only; so are cases that moved to another provider. */
  readOnly: z.boolean(),
  pendingTransfer: z.object({ id: ZUuid, toProvider: z.string() }).nullable(),
  version: z.number().int(),
});
export type TCase = z.infer<typeof ZCase>;

export const ZCaseUpdate = z.strictObject({ categories: z.array(ZCaseCategory).min(1).optional(), version: ZVersion });
export const ZCaseStatusChange = z.strictObject({
  status: ZCaseStatus,
  outcome: ZClosureOutcome.optional(),
  note: text(2000).optional(),
  version: ZVersion,
});
export type TCaseStatusChange = z.infer<typeof ZCaseStatusChange>;
export const ZCaseAssign = z.strictObject({ assigneeId: ZUuid, version: ZVersion });
export const ZCaseReopen = z.strictObject({ reason: text(1000) });
export const ZContactBody = z.strictObject({ at: ZTimestamp.optional(), note: text(1000).optional() });

export const ZCaseEvent = z.object({
  id: ZUuid, kind: z.string(), at: ZTimestamp, actorName: z.string().nullable(), data: z.record(z.string(), z.unknown()).nullable(),
});
export const ZCaseEventList = z.object({ items: z.array(ZCaseEvent) });

export const ZStaffOption = z.object({ id: ZUuid, fullName: z.string(), roles: z.array(z.string()) });
export const ZStaffOptionList = z.object({ items: z.array(ZStaffOption) });

// ---- family ----
export const ZFamilyAdd = z.strictObject({
  relative: ZBeneficiaryInput.optional(),
  relativeId: ZUuid.optional(),
  relation: ZFamilyRelation,
  confirmNew: z.boolean().default(false),
}).refine((b) => Boolean(b.relative) !== Boolean(b.relativeId), { message: 'Give either a new relative or a relativeId', path: ['relative'] });
export const ZFamilyMember = z.object({
  linkId: ZUuid, beneficiaryId: ZUuid, fullName: z.string(), birthDate: ZIsoDate.nullable(),
  relation: ZFamilyRelation, role: z.enum(['service_member', 'relative']), militaryStatus: ZMilitaryStatus.nullable(),
});
export const ZFamily = z.object({ serviceMember: ZFamilyMember.nullable(), members: z.array(ZFamilyMember) });

// ---- assessment ----
export const ZNeed = z.strictObject({ domain: ZNeedDomain, severity: ZSeverity, note: text(2000).nullable().optional() });
export const ZAssessmentCreate = z.strictObject({
  assessedOn: ZIsoDate,
  needs: z.array(ZNeed).min(1).max(NEED_DOMAINS.length).refine((n) => new Set(n.map((x) => x.domain)).size === n.length, 'Each domain once'),
  summary: text(5000).nullable().optional(),
  reviewDueOn: ZIsoDate.nullable().optional(),
});
export type TAssessmentCreate = z.infer<typeof ZAssessmentCreate>;
export const ZAssessment = z.object({
  id: ZUuid, assessedOn: ZIsoDate, assessorName: z.string(),
  needs: z.array(z.object({ domain: ZNeedDomain, severity: ZSeverity, note: z.string().nullable() })),
  summary: z.string().nullable(), reviewDueOn: ZIsoDate.nullable(), createdAt: ZTimestamp,
});
export const ZAssessmentList = z.object({ items: z.array(ZAssessment) });

// ---- support plan ----
export const ZStepDocument = z.object({ name: z.string(), received: z.boolean(), receivedOn: ZIsoDate.nullable() });
export const ZPlanStep = z.object({
  id: ZUuid, position: z.number().int(), title: z.string(), measureId: ZUuid.nullable(), measureCode: z.string().nullable(),
  ownerId: ZUuid.nullable(), ownerName: z.string().nullable(), dueOn: ZIsoDate.nullable(), status: ZPlanStepStatus,
  cancelReason: z.string().nullable(), overdue: z.boolean(), documents: z.array(ZStepDocument),
  playbookVersionId: ZUuid.nullable(), version: z.number().int(),
});
export type TPlanStep = z.infer<typeof ZPlanStep>;
export const ZPlan = z.object({
  id: ZUuid.nullable(), caseId: ZUuid, version: z.number().int().nullable(), playbookVersionIds: z.array(ZUuid),
  steps: z.array(ZPlanStep),
});
export type TPlan = z.infer<typeof ZPlan>;
export const ZPlanFromPlaybooks = z.strictObject({
  playbookIds: z.array(ZUuid).min(1).max(10),
  startOn: ZIsoDate.optional(),
  /** The plan's version when it exists already (null the first time). */
  version: ZVersion.nullable().default(null),
});
export const ZPlanStepCreate = z.strictObject({
  title: text(300),
  measureId: ZUuid.nullable().optional(),
  ownerId: ZUuid.nullable().optional(),
  dueOn: ZIsoDate.nullable().optional(),
  documents: z.array(text(200)).max(30).default([]),
});
export const ZPlanStepUpdate = z.strictObject({
  title: text(300).optional(),
  status: ZPlanStepStatus.optional(),
  cancelReason: text(500).optional(),
  ownerId: ZUuid.nullable().optional(),
  dueOn: ZIsoDate.nullable().optional(),
  documents: z.array(z.strictObject({ name: text(200), received: z.boolean() })).max(30).optional(),
  version: ZVersion,
});
export type TPlanStepUpdate = z.infer<typeof ZPlanStepUpdate>;

// ---- deliveries ----
export const ZDeliveryCreate = z.strictObject({
  measureId: ZUuid,
  deliveredOn: ZIsoDate,
  durationMinutes: z.number().int().min(1).max(1440),
  mode: ZDeliveryMode,
  outcome: text(2000),
  planStepId: ZUuid.nullable().optional(),
});
export type TDeliveryCreate = z.infer<typeof ZDeliveryCreate>;
export const ZDelivery = z.object({
  id: ZUuid, measureId: ZUuid, measureCode: z.string(), measureVersionId: ZUuid, measureVersion: z.number().int(),
  measureNameUk: z.string(), measureNameEn: z.string(), deliveredOn: ZIsoDate, durationMinutes: z.number().int(),
  mode: ZDeliveryMode, deliveredByName: z.string().nullable(), outcome: z.string(), planStepId: ZUuid.nullable(),
  transferred: z.boolean(), createdAt: ZTimestamp,
});
export type TDelivery = z.infer<typeof ZDelivery>;
export const ZDeliveryPage = page(ZDelivery);

// ---- notes ----
export const ZNoteCreate = z.strictObject({ body: text(10000), sensitive: z.boolean().default(false) });
export const ZNote = z.object({ id: ZUuid, authorName: z.string().nullable(), body: z.string(), sensitive: z.boolean(), createdAt: ZTimestamp });
export const ZNotePage = page(ZNote);

// ---- tasks and supervision ----
export const ZTask = z.object({
  kind: z.enum(['plan_step', 'assessment', 'review']),
  id: z.string(), caseId: ZUuid, beneficiaryName: z.string(), title: z.string(), dueOn: ZIsoDate,
  overdue: z.boolean(), stepVersion: z.number().int().nullable(),
});
export type TTask = z.infer<typeof ZTask>;
export const ZTasks = z.object({
  today: ZIsoDate,
  overdue: z.array(ZTask), dueToday: z.array(ZTask), thisWeek: z.array(ZTask),
});
export type TTasks = z.infer<typeof ZTasks>;

export const ZDashboardQuery = z.strictObject({ noContactDays: z.coerce.number().int().min(1).max(365).default(14) });
export const ZSupervisorDashboard = z.object({
  today: ZIsoDate,
  noContactDays: z.number().int(),
  transfers: z.object({ pendingIn: z.number().int(), pendingOut: z.number().int(), acceptedIn: z.number().int(), acceptedOut: z.number().int() }),
  byStatus: z.array(z.object({ status: ZCaseStatus, count: z.number().int() })),
  caseload: z.array(z.object({ userId: ZUuid.nullable(), fullName: z.string().nullable(), open: z.number().int(), overdueSteps: z.number().int() })),
  overdueSteps: z.array(z.object({ stepId: ZUuid, caseId: ZUuid, beneficiaryName: z.string(), title: z.string(), dueOn: ZIsoDate, ownerName: z.string().nullable() })),
  withoutContact: z.array(z.object({ caseId: ZUuid, beneficiaryName: z.string(), assigneeId: ZUuid.nullable(), assigneeName: z.string().nullable(), lastContactAt: ZTimestamp.nullable(), openedAt: ZTimestamp, version: z.number().int() })),
});
export type TSupervisorDashboard = z.infer<typeof ZSupervisorDashboard>;

// ---- transfers ----
export const ZTransferCreate = z.strictObject({ toProviderId: ZUuid, reason: text(2000) });
export const ZTransferAccept = z.strictObject({ assigneeId: ZUuid.nullable().optional() });
export const ZTransferDecline = z.strictObject({ reason: text(1000) });
export const ZTransfer = z.object({
  id: ZUuid, direction: z.enum(['incoming', 'outgoing']), status: z.enum(['requested', 'accepted', 'declined']),
  fromProvider: z.string(), toProvider: z.string(), beneficiaryName: z.string(), birthYear: z.number().int().nullable(),
  categories: z.array(ZCaseCategory), reason: z.string(), declineReason: z.string().nullable(), dataCategories: z.array(ZConsentDataCategory),
  requestedAt: ZTimestamp, decidedAt: ZTimestamp.nullable(),
  /** The case on the caller's side (the sender's original, or the receiver's new one once accepted). */
  caseId: ZUuid.nullable(),
});
export type TTransfer = z.infer<typeof ZTransfer>;
export const ZTransferQuery = ZPageQuery.extend({ direction: z.enum(['incoming', 'outgoing']).optional(), status: z.enum(['requested', 'accepted', 'declined']).optional() });
export const ZTransferPage = page(ZTransfer);
export const ZProviderOption = z.object({ id: ZUuid, name: z.string() });
export const ZProviderOptionList = z.object({ items: z.array(ZProviderOption) });

// ---- documents ----
export const ZCaseDocument = z.object({
  id: ZUuid, fileName: z.string(), contentType: z.string(), sizeBytes: z.number().int(), planStepId: ZUuid.nullable(),
  uploadedByName: z.string().nullable(), createdAt: ZTimestamp,
});
export const ZCaseDocumentList = z.object({ items: z.array(ZCaseDocument) });
export const ZAnonymise = z.strictObject({ reason: text(1000), version: ZVersion });
export const ZExportQuery = z.strictObject({ format: z.enum(['json', 'html']).default('json') });

export type TCaseEvent = z.infer<typeof ZCaseEvent>;
export type TFamily = z.infer<typeof ZFamily>;
export type TFamilyMember = z.infer<typeof ZFamilyMember>;
export type TAssessment = z.infer<typeof ZAssessment>;
export type TNote = z.infer<typeof ZNote>;
export type TCaseDocument = z.infer<typeof ZCaseDocument>;
export type TProviderOption = z.infer<typeof ZProviderOption>;
export type TStaffOption = z.infer<typeof ZStaffOption>;
export type THromada = z.infer<typeof ZHromada>;
