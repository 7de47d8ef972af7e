import { z } from 'zod';
import { CENTRE_MEMBER_ROLES, INSTRUCTION_SETTABLE, INSTRUCTION_STATUSES, ISSUE_CATEGORIES, QUARTER, WORK_PLAN_STATUSES } from '@pilot/domain';
import { page, text, ZIsoDate, ZPageQuery, ZTimestamp, ZUuid } from './common.ts';
import { ZEmail, ZOblastCode } from './identity.ts';

// ---- regional coordination centres for civilian support ----
export const ZCentreMemberRole = z.enum(CENTRE_MEMBER_ROLES);
export const ZIssueCategory = z.enum(ISSUE_CATEGORIES);
export const ZInstructionStatus = z.enum(INSTRUCTION_STATUSES);
export const ZWorkPlanStatus = z.enum(WORK_PLAN_STATUSES);
export const ZQuarter = z.string().regex(QUARTER, 'A quarter like 2026-Q4');

/** Optional text from a form: an empty field means "none". */
const optionalText = (max: number) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), text(max).optional());
const optionalEmail = z.preprocess((v) => (v === '' ? undefined : v), ZEmail.optional());

export const ZCentreCreate = z.strictObject({ oblastCode: ZOblastCode, name: text(300) });
export const ZCentreUpdate = z.strictObject({ name: text(300) });

export const ZCentreMember = z.object({
  id: ZUuid,
  fullName: z.string(),
  organisation: z.string(),
  role: ZCentreMemberRole,
  position: z.string().nullable(),
  email: z.string().nullable(),
  providerId: ZUuid.nullable(),
  removedAt: ZTimestamp.nullable(),
});
export type TCentreMember = z.infer<typeof ZCentreMember>;

export const ZCentreMemberCreate = z.strictObject({
  fullName: text(200),
  organisation: text(300),
  role: ZCentreMemberRole,
  position: optionalText(200),
  email: optionalEmail,
  /** The member's organisation as a provider on the platform: its NGO admins then see the centre. */
  providerId: z.preprocess((v) => (v === '' ? undefined : v), ZUuid.optional()),
}).refine((m) => !m.providerId || m.role === 'ngo', { path: ['providerId'], message: 'Only an NGO member can be linked to a provider' });
export const ZCentreMemberUpdate = z.strictObject({
  fullName: text(200).optional(),
  organisation: text(300).optional(),
  position: optionalText(200).nullable(),
  email: optionalEmail.nullable(),
});

export const ZCentreSummary = z.object({
  id: ZUuid,
  oblastCode: z.string(),
  name: z.string(),
  members: z.number().int(),
  meetings: z.number().int(),
  lastMeetingOn: ZIsoDate.nullable(),
  openInstructions: z.number().int(),
  overdueInstructions: z.number().int(),
});
export type TCentreSummary = z.infer<typeof ZCentreSummary>;
export const ZCentreList = z.object({ items: z.array(ZCentreSummary) });

export const ZCentre = ZCentreSummary.extend({ memberList: z.array(ZCentreMember), canManage: z.boolean() });
export type TCentre = z.infer<typeof ZCentre>;

// ---- meetings ----
export const ZMeetingCreate = z.strictObject({
  heldOn: ZIsoDate,
  online: z.boolean().default(false),
  place: optionalText(300),
  guests: optionalText(2000),
  attendeeIds: z.array(ZUuid).max(200).default([]),
}).refine((m) => m.online || m.place, { path: ['place'], message: 'Give the place, or mark the meeting as online' });
export type TMeetingCreate = z.infer<typeof ZMeetingCreate>;
export const ZMeetingUpdate = z.strictObject({
  heldOn: ZIsoDate.optional(),
  online: z.boolean().optional(),
  place: optionalText(300).nullable(),
  guests: optionalText(2000).nullable(),
  attendeeIds: z.array(ZUuid).max(200).optional(),
});

export const ZIssueCreate = z.strictObject({
  category: ZIssueCategory,
  title: text(500),
  discussion: optionalText(10_000),
  decisions: optionalText(10_000),
});
export type TIssueCreate = z.infer<typeof ZIssueCreate>;
export const ZIssueUpdate = z.strictObject({
  category: ZIssueCategory.optional(),
  title: text(500).optional(),
  discussion: optionalText(10_000).nullable(),
  decisions: optionalText(10_000).nullable(),
});

/** An instruction goes to a member of the centre, or to another organisation named in full. */
export const ZInstructionCreate = z.strictObject({
  title: text(1000),
  dueDate: ZIsoDate,
  assigneeMemberId: z.preprocess((v) => (v === '' ? undefined : v), ZUuid.optional()),
  assigneeOrganisation: optionalText(300),
  assigneePerson: optionalText(200),
  assigneeEmail: optionalEmail,
}).superRefine((i, ctx) => {
  if (i.assigneeMemberId) return;
  if (!i.assigneeOrganisation) ctx.addIssue({ code: 'custom', path: ['assigneeOrganisation'], message: 'Choose a member or name the organisation' });
  if (!i.assigneePerson) ctx.addIssue({ code: 'custom', path: ['assigneePerson'], message: 'Name the person responsible' });
});
export type TInstructionCreate = z.infer<typeof ZInstructionCreate>;
export const ZInstructionUpdate = z.strictObject({
  title: text(1000).optional(),
  dueDate: ZIsoDate.optional(),
});

export const ZInstructionStatusChange = z.strictObject({
  status: z.enum(INSTRUCTION_SETTABLE),
  reason: optionalText(2000),
}).refine((s) => s.status !== 'cancelled' || s.reason, { path: ['reason'], message: 'Say why the instruction is cancelled' });

export const ZInstructionReportCreate = z.strictObject({
  reportedOn: ZIsoDate,
  summary: text(10_000),
  /** Report the instruction as done with this report. */
  done: z.boolean().default(false),
});

export const ZInstructionReport = z.object({
  id: ZUuid,
  reportedOn: ZIsoDate,
  summary: z.string(),
  reporterOrganisation: z.string(),
  createdAt: ZTimestamp,
});

export const ZInstruction = z.object({
  id: ZUuid,
  centreId: ZUuid,
  centreName: z.string(),
  oblastCode: z.string(),
  meetingId: ZUuid,
  meetingHeldOn: ZIsoDate,
  issueId: ZUuid,
  issueTitle: z.string(),
  title: z.string(),
  assigneeMemberId: ZUuid.nullable(),
  assigneeOrganisation: z.string(),
  assigneePerson: z.string(),
  assigneeEmail: z.string().nullable(),
  assigneeProviderId: ZUuid.nullable(),
  dueDate: ZIsoDate,
  status: ZInstructionStatus,
  cancelReason: z.string().nullable(),
  closedAt: ZTimestamp.nullable(),
  reports: z.number().int(),
  /** Whether the caller may report execution (the ministry, or the assignee's NGO admin). */
  canReport: z.boolean(),
  createdAt: ZTimestamp,
});
export type TInstruction = z.infer<typeof ZInstruction>;
export const ZInstructionPage = page(ZInstruction);
export const ZInstructionDetail = ZInstruction.extend({ reportList: z.array(ZInstructionReport) });
export type TInstructionDetail = z.infer<typeof ZInstructionDetail>;

export const ZInstructionQuery = ZPageQuery.extend({
  centreId: ZUuid.optional(),
  status: z.enum([...INSTRUCTION_STATUSES, 'open_all']).optional(),
  /** Only instructions assigned to the caller's organisation (NGO admins). */
  mine: z.stringbool().optional(),
});

export const ZIssue = z.object({
  id: ZUuid,
  position: z.number().int(),
  category: ZIssueCategory,
  title: z.string(),
  discussion: z.string().nullable(),
  decisions: z.string().nullable(),
  instructions: z.array(ZInstruction),
});

export const ZMeetingSummary = z.object({
  id: ZUuid,
  centreId: ZUuid,
  heldOn: ZIsoDate,
  online: z.boolean(),
  place: z.string().nullable(),
  issues: z.number().int(),
  instructions: z.number().int(),
});
export type TMeetingSummary = z.infer<typeof ZMeetingSummary>;
export const ZMeetingPage = page(ZMeetingSummary);

export const ZWorkPlanItem = z.object({
  id: ZUuid,
  centreId: ZUuid,
  quarter: z.string(),
  title: z.string(),
  owner: z.string(),
  dueDate: ZIsoDate,
  status: ZWorkPlanStatus,
  reviewedAt: z.array(z.object({ meetingId: ZUuid, heldOn: ZIsoDate, note: z.string().nullable() })),
});
export type TWorkPlanItem = z.infer<typeof ZWorkPlanItem>;
export const ZWorkPlan = z.object({ quarter: z.string().nullable(), items: z.array(ZWorkPlanItem) });
export const ZWorkPlanQuery = z.strictObject({ quarter: ZQuarter.optional() });
export const ZWorkPlanItemCreate = z.strictObject({ quarter: ZQuarter, title: text(1000), owner: text(300), dueDate: ZIsoDate });
export const ZWorkPlanItemUpdate = z.strictObject({
  title: text(1000).optional(),
  owner: text(300).optional(),
  dueDate: ZIsoDate.optional(),
  status: ZWorkPlanStatus.optional(),
});
export const ZWorkPlanReviewCreate = z.strictObject({ itemId: ZUuid, note: optionalText(2000) });

export const ZMeeting = ZMeetingSummary.extend({
  centreName: z.string(),
  oblastCode: z.string(),
  guests: z.string().nullable(),
  attendees: z.array(ZCentreMember),
  issueList: z.array(ZIssue),
  reviewedItems: z.array(ZWorkPlanItem),
  canManage: z.boolean(),
});
export type TMeeting = z.infer<typeof ZMeeting>;
