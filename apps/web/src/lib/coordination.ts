/** Words of the coordination centres in the reader's language. */
import type { CentreMemberRole, InstructionStatus, IssueCategory, WorkPlanStatus } from '@pilot/domain';
import { CENTRE_MEMBER_ROLES, ISSUE_CATEGORIES, WORK_PLAN_STATUSES } from '@pilot/domain';
import { m } from '#paraglide/messages.js';

type Labels<K extends string> = Record<K, () => string>;

export const MEMBER_ROLE: Labels<CentreMemberRole> = {
  military_administration: m.centre_role_military_administration, social_protection: m.centre_role_social_protection,
  cimic: m.centre_role_cimic, ngo: m.centre_role_ngo, other: m.centre_role_other,
};
export const ISSUE_CATEGORY: Labels<IssueCategory> = {
  idp: m.issue_idp, veteran_policy: m.issue_veteran_policy, defenders_families: m.issue_defenders_families,
  psychosocial_support: m.issue_psychosocial_support, humanitarian_aid: m.issue_humanitarian_aid, other: m.issue_other,
};
export const INSTRUCTION_STATUS: Labels<InstructionStatus> = {
  open: m.instruction_open, in_progress: m.instruction_in_progress, done: m.instruction_done, overdue: m.instruction_overdue,
  cancelled: m.instruction_cancelled,
};
export const INSTRUCTION_TONES = { open: 'info', in_progress: 'warning', done: 'success', overdue: 'danger', cancelled: 'neutral' } as const;
export const PLAN_STATUS: Labels<WorkPlanStatus> = {
  planned: m.workplan_planned, in_progress: m.workplan_in_progress, done: m.workplan_done, postponed: m.workplan_postponed, cancelled: m.workplan_cancelled,
};

export const memberRoleOptions = () => CENTRE_MEMBER_ROLES.map((r) => ({ value: r, label: MEMBER_ROLE[r]() }));
export const issueCategoryOptions = () => ISSUE_CATEGORIES.map((c) => ({ value: c, label: ISSUE_CATEGORY[c]() }));
export const planStatusOptions = () => WORK_PLAN_STATUSES.map((s) => ({ value: s, label: PLAN_STATUS[s]() }));
