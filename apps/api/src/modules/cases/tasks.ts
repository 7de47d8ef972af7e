/** "My tasks" and the supervisor's dashboard: work due, computed from plans and cases. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ZDashboardQuery, ZSupervisorDashboard, ZTasks, type TTask, type TTasks } from '@pilot/contracts';
import { addDays, CASE_STATUSES } from '@pilot/domain';
import { iso } from '../../lib/pagination.ts';
import { today } from '../../lib/clock.ts';

interface TaskRow { kind: TTask['kind']; id: string; case_id: string; beneficiary_name: string; title: string; due_on: string; step_version: number | null }

/**
 * Everything due for one user up to a week ahead, overdue included: open plan steps they own,
 * assessments of their cases still to do, and reassessments due. Runs in the caller's tenant.
 */
export async function tasksFor(em: EntityManager, providerId: string, userId: string, day: string): Promise<TTasks> {
  const horizon = addDays(day, 7);
  const rows = await em.execute<TaskRow[]>(
    `select 'plan_step' as kind, s.id::text, s.case_id, c.beneficiary_name, s.title, s.due_on::text as due_on, s.version as step_version
       from plan_step s join support_case c on c.provider_id = s.provider_id and c.id = s.case_id
      where s.provider_id = ? and s.owner_id = ? and s.status in ('planned', 'in_progress') and s.due_on <= ?::date and c.status <> 'closed'
     union all
     select 'assessment', c.id::text, c.id, c.beneficiary_name, '', c.assessment_due_on::text, null
       from support_case c
      where c.provider_id = ? and c.assignee_id = ? and c.status in ('intake', 'assessment') and c.assessment_due_on <= ?::date
        and not exists (select 1 from assessment a where a.provider_id = c.provider_id and a.case_id = c.id)
     union all
     select 'review', a.id::text, c.id, c.beneficiary_name, '', a.review_due_on::text, null
       from support_case c
       join lateral (select id, review_due_on from assessment a where a.provider_id = c.provider_id and a.case_id = c.id
                      order by assessed_on desc, created_at desc limit 1) a on true
      where c.provider_id = ? and c.assignee_id = ? and c.status <> 'closed' and a.review_due_on <= ?::date
     order by due_on, beneficiary_name`,
    [providerId, userId, horizon, providerId, userId, horizon, providerId, userId, horizon],
  );
  const tasks = rows.map((r): TTask => ({
    kind: r.kind, id: r.id, caseId: r.case_id, beneficiaryName: r.beneficiary_name, title: r.title, dueOn: r.due_on,
    overdue: r.due_on < day, stepVersion: r.step_version,
  }));
  return {
    today: day,
    overdue: tasks.filter((t) => t.dueOn < day),
    dueToday: tasks.filter((t) => t.dueOn === day),
    thisWeek: tasks.filter((t) => t.dueOn > day),
  };
}

export default async function taskRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/tasks/mine', {
    config: { access: 'cases.work' },
    schema: { tags: ['cases'], summary: 'My plan steps, assessments and follow-ups due: overdue, today, this week', response: { 200: ZTasks } },
  }, async (req) => {
    const tasks = await tasksFor(req.em, req.tenantId!, req.actor!.userId, today(req.server.clock));
    req.audit('tasks.read', 'case', null, { count: tasks.overdue.length + tasks.dueToday.length + tasks.thisWeek.length });
    return tasks;
  });

  app.get('/dashboard/supervisor', {
    config: { access: 'cases.supervise' },
    schema: { tags: ['cases'], summary: 'Caseload, cases by status, overdue steps, cases without contact', querystring: ZDashboardQuery, response: { 200: ZSupervisorDashboard } },
  }, async (req) => {
    const day = today(req.server.clock);
    const pid = req.tenantId;
    const { noContactDays } = req.query;
    const byStatus = await req.em.execute<{ status: string; count: string }[]>(
      `select status, count(*) from support_case where provider_id = ? group by status`, [pid]);
    const caseload = await req.em.execute<{ user_id: string | null; full_name: string | null; open: string; overdue: string }[]>(
      `with open_cases as (
         select assignee_id, count(*) as open from support_case where provider_id = ? and status <> 'closed' group by assignee_id),
       overdue as (
         select s.owner_id, count(*) as overdue from plan_step s join support_case c on c.provider_id = s.provider_id and c.id = s.case_id
          where s.provider_id = ? and s.status in ('planned', 'in_progress') and s.due_on < ?::date and c.status <> 'closed' group by s.owner_id),
       staff as (
         select m.user_id from membership m join user_account u on u.id = m.user_id
          where m.provider_id = ? and u.status = 'active' and 'case_manager' = any(m.roles))
       select k.user_id, u.full_name, coalesce(o.open, 0) as open, coalesce(d.overdue, 0) as overdue
         from (select user_id from staff union select assignee_id from open_cases union select owner_id from overdue) k
         left join user_account u on u.id = k.user_id
         left join open_cases o on o.assignee_id is not distinct from k.user_id
         left join overdue d on d.owner_id is not distinct from k.user_id
        order by u.full_name nulls first`,
      [pid, pid, day, pid]);
    const overdueSteps = await req.em.execute<{ id: string; case_id: string; beneficiary_name: string; title: string; due_on: string; owner_name: string | null }[]>(
      `select s.id, s.case_id, c.beneficiary_name, s.title, s.due_on::text as due_on, u.full_name as owner_name
         from plan_step s join support_case c on c.provider_id = s.provider_id and c.id = s.case_id
         left join user_account u on u.id = s.owner_id
        where s.provider_id = ? and s.status in ('planned', 'in_progress') and s.due_on < ?::date and c.status <> 'closed'
        order by s.due_on, s.id limit 100`, [pid, day]);
    const cutoff = new Date(req.server.clock().getTime() - noContactDays * 86_400_000);
    const withoutContact = await req.em.execute<{ id: string; beneficiary_name: string; assignee_id: string | null; full_name: string | null; last_contact_at: Date | null; opened_at: Date; version: number }[]>(
      `select c.id, c.beneficiary_name, c.assignee_id, u.full_name, c.last_contact_at, c.opened_at, c.version
         from support_case c left join user_account u on u.id = c.assignee_id
        where c.provider_id = ? and c.status <> 'closed' and coalesce(c.last_contact_at, c.opened_at) < ?
        order by coalesce(c.last_contact_at, c.opened_at), c.id limit 100`, [pid, cutoff]);
    const [transfers] = await req.em.execute<Record<'pending_in' | 'pending_out' | 'accepted_in' | 'accepted_out', string>[]>(
      `select count(*) filter (where to_provider_id = ? and status = 'requested') as pending_in,
              count(*) filter (where from_provider_id = ? and status = 'requested') as pending_out,
              count(*) filter (where to_provider_id = ? and status = 'accepted') as accepted_in,
              count(*) filter (where from_provider_id = ? and status = 'accepted') as accepted_out
         from case_transfer`, [pid, pid, pid, pid]);
    const counts = new Map(byStatus.map((r) => [r.status, Number(r.count)]));
    req.audit('dashboard.read', 'case', null, { overdueSteps: overdueSteps.length, withoutContact: withoutContact.length });
    return {
      today: day,
      noContactDays,
      transfers: {
        pendingIn: Number(transfers?.pending_in ?? 0), pendingOut: Number(transfers?.pending_out ?? 0),
        acceptedIn: Number(transfers?.accepted_in ?? 0), acceptedOut: Number(transfers?.accepted_out ?? 0),
      },
      byStatus: CASE_STATUSES.map((status) => ({ status, count: counts.get(status) ?? 0 })),
      caseload: caseload.map((r) => ({ userId: r.user_id, fullName: r.full_name, open: Number(r.open), overdueSteps: Number(r.overdue) })),
      overdueSteps: overdueSteps.map((r) => ({ stepId: r.id, caseId: r.case_id, beneficiaryName: r.beneficiary_name, title: r.title, dueOn: r.due_on, ownerName: r.owner_name })),
      withoutContact: withoutContact.map((r) => ({
        caseId: r.id, beneficiaryName: r.beneficiary_name, assigneeId: r.assignee_id, assigneeName: r.full_name,
        lastContactAt: iso(r.last_contact_at), openedAt: iso(r.opened_at)!, version: r.version,
      })),
    };
  });
}
