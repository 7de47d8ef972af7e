import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import {
  DECLINE_REASONS, FAMILY_RELATIONS, MILITARY_STATUSES, REFERRAL_CONSENT_METHODS, REFERRAL_STATUSES, REFERRAL_SUBJECTS, SLA_TARGETS,
  UNIT_POSITIONS, URGENCIES, type ReferralCategory,
} from '@pilot/domain';
import { REFERRAL_EVENT_KINDS } from '@pilot/contracts';
import { tenantFilter } from '../../db/tenancy.ts';
import { newId } from '../../lib/ids.ts';

/** A provider's pause of intake while at capacity; open while `endedAt` is null. */
export const IntakePause = defineEntity({
  name: 'IntakePause',
  tableName: 'intake_pause',
  filters: tenantFilter,
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    providerId: p.uuid(),
    reason: p.string(),
    startedAt: p.datetime(),
    startedBy: p.uuid().nullable(),
    endedAt: p.datetime().nullable(),
    endedBy: p.uuid().nullable(),
  },
});
export type IIntakePause = InferEntity<typeof IntakePause>;

/** A unit's request that the provider assigned to it take up a person (domain.md, "Referral"). */
export const Referral = defineEntity({
  name: 'Referral',
  tableName: 'referral',
  filters: tenantFilter,
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    providerId: p.uuid(),
    unitId: p.uuid(),
    assignmentId: p.uuid(),
    referredBy: p.uuid(),
    referrerName: p.string(),
    referrerPhone: p.string().nullable(),
    referrerPosition: p.enum(UNIT_POSITIONS).nullable(),
    subject: p.enum(REFERRAL_SUBJECTS),
    personLastName: p.string(),
    personFirstName: p.string(),
    personPatronymic: p.string().nullable(),
    personName: p.string(),
    personBirthDate: p.date().nullable(),
    personPhone: p.string(),
    personEmail: p.string().nullable(),
    personRelation: p.enum(FAMILY_RELATIONS).nullable(),
    personSettlement: p.string().nullable(),
    serviceMemberName: p.string().nullable(),
    serviceMemberStatus: p.enum(MILITARY_STATUSES),
    categories: p.array<ReferralCategory>(),
    needs: p.text(),
    urgency: p.enum(URGENCIES),
    consentMethod: p.enum(REFERRAL_CONSENT_METHODS),
    consentRecordedAt: p.datetime(),
    status: p.enum(REFERRAL_STATUSES).default('submitted'),
    submittedAt: p.datetime(),
    decidedAt: p.datetime().nullable(),
    decidedBy: p.uuid().nullable(),
    declineReason: p.enum(DECLINE_REASONS).nullable(),
    declineNote: p.text().nullable(),
    withdrawnAt: p.datetime().nullable(),
    withdrawReason: p.string().nullable(),
    caseId: p.uuid().nullable(),
    beneficiaryId: p.uuid().nullable(),
    caseManagerId: p.uuid().nullable(),
    firstContactAt: p.datetime().nullable(),
    closedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export type IReferral = InferEntity<typeof Referral>;

/** One step on a referral's timeline, including reminders and escalations. */
export const ReferralEvent = defineEntity({
  name: 'ReferralEvent',
  tableName: 'referral_event',
  filters: tenantFilter,
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    providerId: p.uuid(),
    referralId: p.uuid(),
    at: p.datetime(),
    kind: p.enum(REFERRAL_EVENT_KINDS),
    actorId: p.uuid().nullable(),
    target: p.enum(SLA_TARGETS).nullable(),
    declineReason: p.enum(DECLINE_REASONS).nullable(),
  },
});
export type IReferralEvent = InferEntity<typeof ReferralEvent>;

/** The clock of one service target of one referral: due, met, reminded, escalated. */
export const ReferralDeadline = defineEntity({
  name: 'ReferralDeadline',
  tableName: 'referral_deadline',
  filters: tenantFilter,
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    providerId: p.uuid(),
    referralId: p.uuid(),
    unitId: p.uuid(),
    target: p.enum(SLA_TARGETS),
    dueAt: p.datetime(),
    escalateAt: p.datetime(),
    metAt: p.datetime().nullable(),
    cancelledAt: p.datetime().nullable(),
    remindedAt: p.datetime().nullable(),
    escalatedAt: p.datetime().nullable(),
  },
});
export type IReferralDeadline = InferEntity<typeof ReferralDeadline>;
