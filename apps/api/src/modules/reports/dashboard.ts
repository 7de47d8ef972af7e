import type { FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TDashboard } from '@pilot/contracts';
import { accreditationFlag, addDays, ACCREDITATION_EXPIRY_WARNING_DAYS, quarterKey, type AccreditationStatus } from '@pilot/domain';
import { today } from '../../lib/clock.ts';
import { buildReport } from './view.ts';

/** The groups whose pilot-wide totals head the dashboard. */
const KEY_GROUPS = ['families_served', 'people_served', 'cases_new', 'deliveries', 'transfers', 'overdue_steps'] as const;

/**
 * The pilot at a glance for the ministry: this quarter's totals (from the suppressed report),
 * providers whose accreditation needs attention (ending soon, ended, suspended, pending), and
 * the coordination centres' open and overdue instructions.
 */
export async function buildDashboard(req: FastifyRequest, em: EntityManager): Promise<TDashboard> {
  const day = today(req.server.clock);
  const report = await buildReport(req, em, { period: quarterKey(day), hierarchy: 'org', node: 'm' });
  const keyNumbers = KEY_GROUPS.flatMap((group) => {
    const g = report.groups.find((x) => x.key === group);
    const cell = g?.rows[0]?.cells[g.rows[0].cells.length - 1];
    return cell ? [{ group, ...cell }] : [];
  });
  const providers = await em.execute<{ id: string; name: string; status: AccreditationStatus; valid_until: string | null }[]>(
    `select id, name, accreditation_status as status, to_char(accredited_until, 'YYYY-MM-DD') as valid_until from provider
      where accreditation_status in ('pending', 'suspended')
         or (accreditation_status = 'accredited' and accredited_until <= ?)
      order by accredited_until nulls last, name`, [addDays(day, ACCREDITATION_EXPIRY_WARNING_DAYS)]);
  const [instructions] = await em.execute<{ open: number; overdue: number }[]>(
    `select count(*) filter (where status in ('open', 'in_progress', 'overdue'))::int as open,
            count(*) filter (where status = 'overdue' or (status in ('open', 'in_progress') and due_date < ?))::int as overdue
       from instruction`, [day]);
  return {
    period: report.period, refreshedAt: report.refreshedAt, refreshing: report.refreshing, keyNumbers,
    accreditations: providers.map((p) => ({
      providerId: p.id, name: p.name, status: p.status, validUntil: p.valid_until, flag: accreditationFlag(p.status, p.valid_until, day),
    })),
    instructions: instructions ?? { open: 0, overdue: 0 },
    sla: report.sla,
  };
}
