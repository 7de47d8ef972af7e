/**
 * Regional coordination centres for civilian support (domain.md, "The situation"): members,
 * meetings with urgent issues, instructions (доручення) with owners and deadlines, quarterly
 * work plans. Pure rules: the instruction lifecycle and when deadline notices fall due.
 */
import { daysBetween } from './accreditation.ts';

export const CENTRE_MEMBER_ROLES = ['military_administration', 'social_protection', 'cimic', 'ngo', 'other'] as const;
export type CentreMemberRole = (typeof CENTRE_MEMBER_ROLES)[number];

export const ISSUE_CATEGORIES = ['idp', 'veteran_policy', 'defenders_families', 'psychosocial_support', 'humanitarian_aid', 'other'] as const;
export type IssueCategory = (typeof ISSUE_CATEGORIES)[number];

export const INSTRUCTION_STATUSES = ['open', 'in_progress', 'done', 'overdue', 'cancelled'] as const;
export type InstructionStatus = (typeof INSTRUCTION_STATUSES)[number];

export const WORK_PLAN_STATUSES = ['planned', 'in_progress', 'done', 'postponed', 'cancelled'] as const;
export type WorkPlanStatus = (typeof WORK_PLAN_STATUSES)[number];

/** Statuses people set; `overdue` is set by the deadline job when the due date passes. */
export const INSTRUCTION_SETTABLE = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type InstructionSettable = (typeof INSTRUCTION_SETTABLE)[number];

const FINAL: readonly InstructionStatus[] = ['done', 'cancelled'];
export const isInstructionOpen = (s: InstructionStatus) => !FINAL.includes(s);

export type InstructionRefusal = 'instruction_closed' | 'execution_report_required' | 'invalid_transition';

/**
 * Whether an instruction in `current` may move to `next`. Done and cancelled are final; done
 * needs at least one execution report; an overdue instruction stays overdue until it is done,
 * cancelled or given a later due date (only then can it be open or in progress again).
 */
export function instructionTransition(current: InstructionStatus, next: InstructionSettable, facts: { reports: number; overdue: boolean }):
  { ok: true } | { ok: false; code: InstructionRefusal } {
  if (!isInstructionOpen(current)) return { ok: false, code: 'instruction_closed' };
  if (next === 'done' && facts.reports === 0) return { ok: false, code: 'execution_report_required' };
  if ((next === 'open' || next === 'in_progress') && facts.overdue) return { ok: false, code: 'invalid_transition' };
  return { ok: true };
}

/** The status an open instruction has on `today`: past its due date it is overdue. */
export function instructionStatusOn(status: InstructionStatus, dueDate: string, today: string, reports: number): InstructionStatus {
  if (!isInstructionOpen(status)) return status;
  if (dueDate < today) return 'overdue';
  if (status === 'overdue') return reports > 0 ? 'in_progress' : 'open';
  return status;
}

/** Notices sent to an instruction's assignee: a reminder ahead, on the due date, once overdue. */
export const INSTRUCTION_NOTICES = ['reminder', 'due', 'overdue'] as const;
export type InstructionNotice = (typeof INSTRUCTION_NOTICES)[number];
export const INSTRUCTION_REMINDER_DAYS = 3;

/** Which notices are due on `today` for an open instruction due on `dueDate` (at most one of each per due date). */
export function instructionNoticesDue(dueDate: string, today: string): InstructionNotice[] {
  const left = daysBetween(today, dueDate);
  if (left < 0) return ['overdue'];
  if (left === 0) return ['due'];
  return left <= INSTRUCTION_REMINDER_DAYS ? ['reminder'] : [];
}

/** A quarter as `YYYY-Qn`, the unit of a work plan. */
export const QUARTER = /^(\d{4})-Q([1-4])$/;
export function quarterOf(date: string): string {
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)}-Q${Math.ceil(month / 3)}`;
}
