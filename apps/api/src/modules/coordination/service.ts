import type { FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TCentreMember, TInstruction, TWorkPlanItem } from '@pilot/contracts';
import { instructionStatusOn, type InstructionStatus } from '@pilot/domain';
import { can } from '../../lib/access.ts';
import { notFound } from '../../lib/problems.ts';
import { iso } from '../../lib/pagination.ts';
import { today } from '../../lib/clock.ts';
import { CentreMember, CoordinationCentre, type ICentreMember, type IWorkPlanItem } from './entities.ts';

/**
 * Who sees which centre: the ministry every one; an NGO admin those its organisation is a
 * current member of. Row-level security enforces the same for a provider's transaction
 * (migration 0006); these checks make the answer a 404 rather than an empty page.
 */
export const managesCentres = (req: FastifyRequest) => can(req.actor, 'coordination.manage');

/** The centres the actor may see, or null for all of them. */
export async function visibleCentreIds(req: FastifyRequest): Promise<string[] | null> {
  if (managesCentres(req)) return null;
  const rows = await req.em.find(CentreMember, { providerId: req.actor!.providerId ?? '', removedAt: null }, { fields: ['centreId'] });
  return [...new Set(rows.map((r) => r.centreId))];
}

/** Throws 404 unless the actor may see the centre. */
export async function assertCentreVisible(req: FastifyRequest, centreId: string) {
  const ids = await visibleCentreIds(req);
  if (ids && !ids.includes(centreId)) throw notFound();
}

export async function loadCentre(req: FastifyRequest, id: string) {
  const centre = await req.em.findOne(CoordinationCentre, { id });
  if (!centre) throw notFound();
  await assertCentreVisible(req, centre.id);
  return centre;
}

/** Loads a row of a centre's table by id, 404 when missing or in a centre the actor cannot see. */
export async function loadInCentre<T extends { centreId: string }>(req: FastifyRequest, find: () => Promise<T | null>): Promise<T> {
  const row = await find();
  if (!row) throw notFound();
  await assertCentreVisible(req, row.centreId);
  return row;
}

export const toMember = (m: ICentreMember): TCentreMember => ({
  id: m.id, fullName: m.fullName, organisation: m.organisation, role: m.role, position: m.position ?? null,
  email: m.email ?? null, providerId: m.providerId ?? null, removedAt: iso(m.removedAt),
});

/** The instruction's status as of today: past its due date an open one reads as overdue. */
export const effectiveStatus = (req: FastifyRequest, status: InstructionStatus, dueDate: string, reports: number) =>
  instructionStatusOn(status, dueDate, today(req.server.clock), reports);

/** SQL of the same rule, for filtering lists (`?` is today's date). */
export const EFFECTIVE_STATUS_SQL = `case when i.status in ('open', 'in_progress') and i.due_date < ? then 'overdue' else i.status end`;

interface InstructionRow {
  id: string; centre_id: string; centre_name: string; oblast_code: string; meeting_id: string; meeting_held_on: string;
  issue_id: string; issue_title: string; title: string; assignee_member_id: string | null; assignee_organisation: string;
  assignee_person: string; assignee_email: string | null; assignee_provider_id: string | null; due_date: string;
  status: InstructionStatus; cancel_reason: string | null; closed_at: Date | null; reports: number; created_at: Date;
}

/**
 * Instructions with their centre, meeting and issue. `where` and `tail` (order, limit) apply to
 * the joined row `i`: its `status` is the effective one, `due_sort` the due date as a date.
 */
export async function queryInstructions(req: FastifyRequest, em: EntityManager, where: string[], params: unknown[], tail = 'order by due_sort, id') {
  const day = today(req.server.clock);
  const rows = await em.execute<InstructionRow[]>(
    `select * from (
       select i.id, i.centre_id, c.name as centre_name, c.oblast_code, i.meeting_id, to_char(m.held_on, 'YYYY-MM-DD') as meeting_held_on,
              i.issue_id, mi.title as issue_title, i.title, i.assignee_member_id, i.assignee_organisation, i.assignee_person,
              i.assignee_email, i.assignee_provider_id, to_char(i.due_date, 'YYYY-MM-DD') as due_date, i.due_date as due_sort,
              ${EFFECTIVE_STATUS_SQL} as status, i.cancel_reason, i.closed_at, i.created_at,
              (select count(*) from instruction_report r where r.instruction_id = i.id)::int as reports
         from instruction i
         join coordination_centre c on c.id = i.centre_id
         join meeting m on m.id = i.meeting_id
         join meeting_issue mi on mi.id = i.issue_id
     ) i ${where.length ? `where ${where.join(' and ')}` : ''} ${tail}`,
    [day, ...params]);
  return rows.map((r): TInstruction => ({
    id: r.id, centreId: r.centre_id, centreName: r.centre_name, oblastCode: r.oblast_code, meetingId: r.meeting_id,
    meetingHeldOn: r.meeting_held_on, issueId: r.issue_id, issueTitle: r.issue_title, title: r.title,
    assigneeMemberId: r.assignee_member_id, assigneeOrganisation: r.assignee_organisation, assigneePerson: r.assignee_person,
    assigneeEmail: r.assignee_email, assigneeProviderId: r.assignee_provider_id, dueDate: r.due_date, status: r.status,
    cancelReason: r.cancel_reason, closedAt: iso(r.closed_at), reports: r.reports, createdAt: iso(r.created_at)!,
    canReport: mayReport(req, r.assignee_provider_id),
  }));
}

/** The ministry reports on any instruction; an NGO admin on those assigned to its organisation. */
export function mayReport(req: FastifyRequest, assigneeProviderId: string | null) {
  if (managesCentres(req)) return true;
  return can(req.actor, 'coordination.report') && assigneeProviderId !== null && assigneeProviderId === req.actor!.providerId;
}

/** Work plan items with the meetings they were reviewed at. */
export async function workPlanItems(em: EntityManager, items: IWorkPlanItem[]): Promise<TWorkPlanItem[]> {
  if (items.length === 0) return [];
  const reviews = await em.execute<{ item_id: string; meeting_id: string; held_on: string; note: string | null }[]>(
    `select r.item_id, r.meeting_id, to_char(m.held_on, 'YYYY-MM-DD') as held_on, r.note
       from work_plan_review r join meeting m on m.id = r.meeting_id
      where r.item_id in (?) order by m.held_on, m.id`, [items.map((i) => i.id)]);
  return items.map((i) => ({
    id: i.id, centreId: i.centreId, quarter: i.quarter, title: i.title, owner: i.owner, dueDate: i.dueDate, status: i.status,
    reviewedAt: reviews.filter((r) => r.item_id === i.id).map((r) => ({ meetingId: r.meeting_id, heldOn: r.held_on, note: r.note })),
  }));
}
