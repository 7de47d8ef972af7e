import { z } from 'zod';
import {
  DECLINE_REASONS, REFERRAL_CATEGORIES, REFERRAL_CONSENT_METHODS, REFERRAL_STATUSES, REFERRAL_SUBJECTS, REFERRER_STAGES, URGENCIES,
} from '@pilot/domain';
import { page, text, ZIsoDate, ZPageQuery, ZTimestamp, ZUuid } from './common.ts';
import { ZEmail, ZPhone } from './identity.ts';
import { ZServiceTarget, ZUnitPosition, ZUnitRef } from './units.ts';
import { ZFamilyRelation, ZMilitaryStatus } from './cases.ts';

export const ZReferralStatus = z.enum(REFERRAL_STATUSES);
export const ZReferralSubject = z.enum(REFERRAL_SUBJECTS);
/** The service member's situation at the time of referral (the case model's military status). */
export const ZServiceMemberStatus = ZMilitaryStatus;
export const ZReferralCategory = z.enum(REFERRAL_CATEGORIES);
export const ZUrgency = z.enum(URGENCIES);
export const ZReferralConsentMethod = z.enum(REFERRAL_CONSENT_METHODS);
export const ZDeclineReason = z.enum(DECLINE_REASONS);
export const ZReferrerStage = z.enum(REFERRER_STAGES);

export const CONSENT_REQUIRED = 'Consent to share with the provider is required: without it the referral cannot be sent';

/** A unit contact's referral: minimal identity and contacts, the situation, and consent. */
export const ZReferralCreate = z
  .strictObject({
    subject: ZReferralSubject,
    person: z.strictObject({
      lastName: text(100),
      firstName: text(100),
      patronymic: text(100).optional(),
      dateOfBirth: ZIsoDate.optional(),
      phone: ZPhone,
      email: ZEmail.optional(),
      /** How a family member is related to the service member. */
      relation: ZFamilyRelation.optional(),
      /** Where the person lives (settlement), to route visits. */
      settlement: text(200).optional(),
    }),
    serviceMember: z.strictObject({
      /** Needed when a family member is referred (the referred person is the service member otherwise). */
      fullName: text(200).optional(),
      status: ZServiceMemberStatus,
    }),
    categories: z.array(ZReferralCategory).min(1).max(REFERRAL_CATEGORIES.length)
      .refine((c) => new Set(c).size === c.length, 'Each category once'),
    needs: text(4000),
    urgency: ZUrgency,
    consent: z.strictObject({
      given: z.literal(true, { error: CONSENT_REQUIRED }),
      method: ZReferralConsentMethod,
    }),
  })
  .superRefine((r, ctx) => {
    if (r.subject !== 'family_member') return;
    if (!r.person.relation) ctx.addIssue({ code: 'custom', path: ['person', 'relation'], message: 'Say how the person is related to the service member' });
    if (!r.serviceMember.fullName) ctx.addIssue({ code: 'custom', path: ['serviceMember', 'fullName'], message: 'Name the service member the family member belongs to' });
  });
export type TReferralCreate = z.input<typeof ZReferralCreate>;

export const ZDeadline = z.object({
  target: ZServiceTarget,
  dueAt: ZTimestamp,
  escalateAt: ZTimestamp,
  metAt: ZTimestamp.nullable(),
  cancelledAt: ZTimestamp.nullable(),
  remindedAt: ZTimestamp.nullable(),
  escalatedAt: ZTimestamp.nullable(),
});
export type TDeadline = z.infer<typeof ZDeadline>;

export const REFERRAL_EVENT_KINDS = [
  'submitted', 'accepted', 'declined', 'withdrawn', 'first_contact', 'assessed', 'closed', 'reminder', 'escalation',
] as const;
export const ZReferralEvent = z.object({
  at: ZTimestamp,
  kind: z.enum(REFERRAL_EVENT_KINDS),
  actorName: z.string().nullable(),
  target: ZServiceTarget.nullable(),
  declineReason: ZDeclineReason.nullable(),
});
export type TReferralEvent = z.infer<typeof ZReferralEvent>;

const ZStaffRef = z.object({ id: ZUuid, fullName: z.string(), phone: z.string().nullable() });

/** The provider's view: the full referral. */
export const ZReferral = z.object({
  id: ZUuid,
  status: ZReferralStatus,
  unit: ZUnitRef,
  referredBy: ZStaffRef.extend({ position: ZUnitPosition.nullable() }),
  subject: ZReferralSubject,
  person: z.object({
    lastName: z.string(),
    firstName: z.string(),
    patronymic: z.string().nullable(),
    fullName: z.string(),
    dateOfBirth: ZIsoDate.nullable(),
    phone: z.string(),
    email: z.string().nullable(),
    relation: ZFamilyRelation.nullable(),
    settlement: z.string().nullable(),
  }),
  serviceMember: z.object({ fullName: z.string().nullable(), status: ZServiceMemberStatus }),
  categories: z.array(ZReferralCategory),
  needs: z.string(),
  urgency: ZUrgency,
  consent: z.object({ method: ZReferralConsentMethod, recordedAt: ZTimestamp }),
  submittedAt: ZTimestamp,
  decidedAt: ZTimestamp.nullable(),
  declineReason: ZDeclineReason.nullable(),
  declineNote: z.string().nullable(),
  withdrawnAt: ZTimestamp.nullable(),
  caseId: ZUuid.nullable(),
  caseManager: ZStaffRef.nullable(),
  firstContactAt: ZTimestamp.nullable(),
  closedAt: ZTimestamp.nullable(),
  deadlines: z.array(ZDeadline),
  timeline: z.array(ZReferralEvent),
});
export type TReferral = z.infer<typeof ZReferral>;

/** One row of the provider's inbox, with the next deadline to watch. */
export const ZReferralListItem = z.object({
  id: ZUuid,
  status: ZReferralStatus,
  unit: ZUnitRef,
  subject: ZReferralSubject,
  personName: z.string(),
  serviceMemberStatus: ZServiceMemberStatus,
  urgency: ZUrgency,
  categories: z.array(ZReferralCategory),
  submittedAt: ZTimestamp,
  caseManagerName: z.string().nullable(),
  nextDeadline: z.object({ target: ZServiceTarget, dueAt: ZTimestamp, overdue: z.boolean() }).nullable(),
});
export type TReferralListItem = z.infer<typeof ZReferralListItem>;
export const ZReferralPage = page(ZReferralListItem);

export const ZReferralQuery = ZPageQuery.extend({
  status: ZReferralStatus.optional(),
  urgency: ZUrgency.optional(),
  unitId: ZUuid.optional(),
  overdue: z.enum(['true']).optional(),
  q: z.string().max(100).optional(),
});
export type TReferralQuery = z.infer<typeof ZReferralQuery>;

export const ZReferralDecline = z.strictObject({
  reason: ZDeclineReason,
  /** For the provider's own records; the referrer sees the reason category only. */
  note: text(1000).optional(),
});
export type TReferralDecline = z.infer<typeof ZReferralDecline>;

export const ZReferralAccept = z.strictObject({
  caseManagerId: ZUuid,
  /**
   * The person is already on file (the duplicate check found them): their open case here is
   * joined, or a case is opened for them. Without it a new person is created from the referral.
   */
  beneficiaryId: ZUuid.optional(),
  /** The supervisor saw the possible duplicates and confirms this is someone else. */
  confirmNew: z.boolean().optional(),
});
export type TReferralAccept = z.infer<typeof ZReferralAccept>;

export const ZReferralWithdraw = z.strictObject({ reason: text(500).optional() });

/**
 * What the referring unit sees: where the referral stands and whom to call. Never the case,
 * the needs text after submission, the person's contacts, nor the provider's notes.
 */
export const ZUnitReferral = z.object({
  id: ZUuid,
  stage: ZReferrerStage,
  subject: ZReferralSubject,
  personName: z.string(),
  relation: ZFamilyRelation.nullable(),
  urgency: ZUrgency,
  submittedAt: ZTimestamp,
  referredByName: z.string(),
  declineReason: ZDeclineReason.nullable(),
  provider: z.object({ name: z.string(), contactPhone: z.string() }),
  caseManager: z.object({ fullName: z.string(), phone: z.string().nullable() }).nullable(),
});
export type TUnitReferral = z.infer<typeof ZUnitReferral>;
export const ZUnitReferralPage = page(ZUnitReferral);
export const ZUnitReferralDetail = ZUnitReferral.extend({
  timeline: z.array(z.object({ at: ZTimestamp, stage: ZReferrerStage, declineReason: ZDeclineReason.nullable() })),
});
export type TUnitReferralDetail = z.infer<typeof ZUnitReferralDetail>;
export const ZUnitReferralQuery = ZPageQuery.extend({ stage: ZReferrerStage.optional() });

/** Case managers a supervisor may assign an accepted referral to, with their current load. */
export const ZAssignableManagers = z.object({
  items: z.array(z.object({ id: ZUuid, fullName: z.string(), acceptedReferrals: z.number().int() })),
});
export type TAssignableManagers = z.infer<typeof ZAssignableManagers>;
