import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { CENTRE_MEMBER_ROLES, INSTRUCTION_NOTICES, INSTRUCTION_STATUSES, ISSUE_CATEGORIES, WORK_PLAN_STATUSES } from '@pilot/domain';
import { newId } from '../../lib/ids.ts';

/**
 * Regional coordination centres for civilian support: ministry data, not provider-owned. RLS
 * lets a provider's transaction see only the centres its organisation is a member of
 * (migration 0006); the routes check the same explicitly.
 */
export const CoordinationCentre = defineEntity({
  name: 'CoordinationCentre',
  tableName: 'coordination_centre',
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    oblastCode: p.string().unique(),
    name: p.string(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export type ICoordinationCentre = InferEntity<typeof CoordinationCentre>;

/** A member of a centre: an official or an organisation's representative (not a person served). */
export const CentreMember = defineEntity({
  name: 'CentreMember',
  tableName: 'centre_member',
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    centreId: p.uuid(),
    fullName: p.string(),
    organisation: p.string(),
    role: p.enum(CENTRE_MEMBER_ROLES),
    position: p.string().nullable(),
    email: p.string().nullable(),
    providerId: p.uuid().nullable(),
    removedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type ICentreMember = InferEntity<typeof CentreMember>;

export const Meeting = defineEntity({
  name: 'Meeting',
  tableName: 'meeting',
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    centreId: p.uuid(),
    heldOn: p.date(),
    place: p.string().nullable(),
    online: p.boolean().default(false),
    guests: p.string().nullable(),
    createdBy: p.uuid(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export type IMeeting = InferEntity<typeof Meeting>;

export const MeetingAttendee = defineEntity({
  name: 'MeetingAttendee',
  tableName: 'meeting_attendee',
  properties: {
    meetingId: p.uuid().primary(),
    memberId: p.uuid().primary(),
    centreId: p.uuid(),
  },
});

/** An urgent issue on a meeting's agenda, with the discussion and the decisions taken. */
export const MeetingIssue = defineEntity({
  name: 'MeetingIssue',
  tableName: 'meeting_issue',
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    meetingId: p.uuid(),
    centreId: p.uuid(),
    position: p.integer(),
    category: p.enum(ISSUE_CATEGORIES),
    title: p.string(),
    discussion: p.string().nullable(),
    decisions: p.string().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IMeetingIssue = InferEntity<typeof MeetingIssue>;

/** An instruction (доручення) from a decision: who, by when, and how it stands. */
export const Instruction = defineEntity({
  name: 'Instruction',
  tableName: 'instruction',
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    centreId: p.uuid(),
    meetingId: p.uuid(),
    issueId: p.uuid(),
    title: p.string(),
    assigneeMemberId: p.uuid().nullable(),
    assigneeOrganisation: p.string(),
    assigneePerson: p.string(),
    assigneeEmail: p.string().nullable(),
    assigneeProviderId: p.uuid().nullable(),
    dueDate: p.date(),
    status: p.enum(INSTRUCTION_STATUSES).default('open'),
    closedAt: p.datetime().nullable(),
    cancelReason: p.string().nullable(),
    createdBy: p.uuid(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export type IInstruction = InferEntity<typeof Instruction>;

export const InstructionReport = defineEntity({
  name: 'InstructionReport',
  tableName: 'instruction_report',
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    instructionId: p.uuid(),
    centreId: p.uuid(),
    reportedOn: p.date(),
    summary: p.string(),
    reportedBy: p.uuid(),
    reporterOrganisation: p.string(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IInstructionReport = InferEntity<typeof InstructionReport>;

export const InstructionNotice = defineEntity({
  name: 'InstructionNotice',
  tableName: 'instruction_notice',
  properties: {
    instructionId: p.uuid().primary(),
    kind: p.enum(INSTRUCTION_NOTICES).primary(),
    dueDate: p.date().primary(),
    sentAt: p.datetime().onCreate(() => new Date()),
  },
});

export const WorkPlanItem = defineEntity({
  name: 'WorkPlanItem',
  tableName: 'work_plan_item',
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    centreId: p.uuid(),
    quarter: p.string(),
    title: p.string(),
    owner: p.string(),
    dueDate: p.date(),
    status: p.enum(WORK_PLAN_STATUSES).default('planned'),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export type IWorkPlanItem = InferEntity<typeof WorkPlanItem>;

/** A work plan item reviewed at a meeting. */
export const WorkPlanReview = defineEntity({
  name: 'WorkPlanReview',
  tableName: 'work_plan_review',
  properties: {
    itemId: p.uuid().primary(),
    meetingId: p.uuid().primary(),
    centreId: p.uuid(),
    note: p.string().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
