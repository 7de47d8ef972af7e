import type { FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TDashboard } from '@pilot/contracts';
import { accreditationFlag, addDays, ACCREDITATION_EXPIRY_WARNING_DAYS, quarterKey, type AccreditationStatus } from '@pilot/domain';
import { today } from '../../lib/clock.ts';
import { buildReport } from './view.ts';
import type { ViewCache } from './view-cache.ts';

/** The groups whose pilot-wide totals head the dashboard. */
const KEY_GROUPS = ['families_served', 'people_served', 'cases_new', 'deliveries', 'transfers', 'overdue_steps'] as const;

/**
 * The pilot at a glance for the ministry: this quarter's totals (from the suppressed report),
 * providers whose accreditation needs attention (ending soon, ended, suspended, pending), and
 * the coordination centres' open and overdue instructions.
 */
export async function buildDashboard(req: FastifyRequest, em: EntityManager, views: ViewCache): Promise<TDashboard> {
  const day = today(req.server.clock);
  const report = await buildReport(req, em, views, { period: quarterKey(day), hierarchy: 'org', node: 'm' });
  const keyNumbers = KEY_GROUPS.flatMap((group) => {
    const g = report.groups.find((x) => x.key === group);
    const cell = g?.rows[0]?.cells[g.rows[0].cells.length - 1];
    return cell ? [{ group, ...cell }] : [];
  });
  // Accreditations needing attention and the instructions' counts: one statement.
  const [row] = await em.execute<{ providers: { id: string; name: string; status: AccreditationStatus; valid_until: string | null }[]; open: number; overdue: number }[]>(`
    select (select coalesce(json_agg(p order by p.accredited_until nulls last, p.name), '[]')
              from (select id, name, accreditation_status as status, to_char(accredited_until, 'YYYY-MM-DD') as valid_until, accredited_until
                      from provider
                     where accreditation_status in ('pending', 'suspended')
                        or (accreditation_status = 'accredited' and accredited_until <= ?)) p) as providers,
           count(*) filter (where i.status in ('open', 'in_progress', 'overdue'))::int as open,
           count(*) filter (where i.status = 'overdue' or (i.status in ('open', 'in_progress') and i.due_date < ?))::int as overdue
      from instruction i`, [addDays(day, ACCREDITATION_EXPIRY_WARNING_DAYS), day]);
  const { providers, ...instructions } = row!;
  return {
    period: report.period, refreshedAt: report.refreshedAt, refreshing: report.refreshing, keyNumbers,
    accreditations: providers.map((p) => ({
      providerId: p.id, name: p.name, status: p.status, validUntil: p.valid_until, flag: accreditationFlag(p.status, p.valid_until, day),
    })),
    instructions,
    sla: report.sla,
  };
}
