/** The case list and its export share one query: the same filters, the same rows. */
import type { FastifyRequest } from 'fastify';
import type { CaseCategory } from '@pilot/domain';
import type { TCaseListQuery, TCaseSummary } from '@pilot/contracts';
import { iso } from '../../lib/pagination.ts';
import { today } from '../../lib/clock.ts';
import { isSupervisor } from './service.ts';

export interface CaseRow {
  id: string; beneficiary_id: string; beneficiary_name: string; status: TCaseSummary['status']; categories: CaseCategory[];
  assignee_id: string | null; assignee_name: string | null; unit_code: string | null; opened_at: Date;
  last_contact_at: Date | null; overdue_steps: string; closure_outcome: TCaseSummary['closureOutcome'];
}

export const toCaseSummary = (r: CaseRow): TCaseSummary => ({
  id: r.id, beneficiaryId: r.beneficiary_id, beneficiaryName: r.beneficiary_name, status: r.status, categories: r.categories,
  assigneeId: r.assignee_id, assigneeName: r.assignee_name, unitCode: r.unit_code, openedAt: iso(r.opened_at)!,
  lastContactAt: iso(r.last_contact_at), overdueSteps: Number(r.overdue_steps), closureOutcome: r.closure_outcome,
});

type Filters = Omit<TCaseListQuery, 'cursor' | 'limit'>;

/**
 * Cases the actor may see, filtered, newest first. A case manager's list is always limited to
 * their own cases (the covering index leads with provider and assignee).
 */
export async function queryCases(req: FastifyRequest, f: Filters, page: { after: (string | number)[] | null; limit: number }): Promise<CaseRow[]> {
  const day = today(req.server.clock);
  const params: unknown[] = [day, req.tenantId];
  let where = `c.provider_id = ?`;
  if (!isSupervisor(req)) { where += ` and c.assignee_id = ?`; params.push(req.actor!.userId); }
  if (f.assignee === 'me') { where += ` and c.assignee_id = ?`; params.push(req.actor!.userId); }
  else if (f.assignee === 'none') where += ` and c.assignee_id is null`;
  else if (f.assignee) { where += ` and c.assignee_id = ?`; params.push(f.assignee); }
  if (f.status) { where += ` and c.status = ?`; params.push(f.status); }
  if (f.category) { where += ` and c.categories @> array[?]::text[]`; params.push(f.category); }
  if (f.unit) { where += ` and c.unit_code = ?`; params.push(f.unit); }
  if (f.q) { where += ` and c.beneficiary_name ilike ?`; params.push(`%${f.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`); }
  if (f.overdue !== undefined) {
    where += ` and ${f.overdue ? '' : 'not '}exists (select 1 from plan_step s where s.provider_id = c.provider_id and s.case_id = c.id
      and s.status in ('planned', 'in_progress') and s.due_on < ?::date)`;
    params.push(day);
  }
  if (page.after) { where += ` and (c.opened_at, c.id) < (?::timestamptz, ?::uuid)`; params.push(page.after[0], page.after[1]); }
  params.push(page.limit);
  return req.em.execute<CaseRow[]>(
    `select c.id, c.beneficiary_id, c.beneficiary_name, c.status, c.categories, c.assignee_id, u.full_name as assignee_name,
            c.unit_code, c.opened_at, c.last_contact_at, c.closure_outcome,
            (select count(*) from plan_step s where s.provider_id = c.provider_id and s.case_id = c.id
               and s.status in ('planned', 'in_progress') and s.due_on < ?::date) as overdue_steps
       from support_case c left join user_account u on u.id = c.assignee_id
      where ${where}
      order by c.opened_at desc, c.id desc limit ?`,
    params,
  );
}
