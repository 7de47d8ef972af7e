import type { FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TTrend } from '@pilot/contracts';
import { periodsOfYear, type Hierarchy } from '@pilot/domain';
import { today } from '../../lib/clock.ts';
import { iso } from '../../lib/pagination.ts';
import { buildReport, publishedRun, reportScope, rootOf } from './view.ts';
import { FactIndex, type FactRow } from './cube.ts';

/** The groups people follow over time. */
export const TREND_GROUPS = ['people_served', 'families_served', 'cases_new', 'deliveries', 'overdue_steps'] as const;

/**
 * A node's totals over a year: by month for the pilot, a provider or an oblast (their monthly
 * totals are part of the suppressed cube), by quarter below them.
 */
export async function buildTrend(req: FastifyRequest, em: EntityManager, query: { hierarchy: Hierarchy; node?: string; year?: number }): Promise<TTrend> {
  const scope = reportScope(req);
  const year = query.year ?? Number(today(req.server.clock).slice(0, 4));
  const node = query.node ?? rootOf(scope);
  // The year's report at the node checks the reader may see it, and names it.
  const head = await buildReport(req, em, { period: String(year), hierarchy: query.hierarchy, node });
  const { run } = await publishedRun(em, year);
  if (!run) return { node: head.node, series: [], refreshedAt: null };
  const monthly = node === 'm' || /^[po]:/.test(node);
  const periods = periodsOfYear(year).filter((p) => (monthly ? p.kind === 'month' : p.kind === 'quarter')).map((p) => p.key);
  const [kind, a, b] = node.split(':') as [string, string, string | undefined];
  const where = kind === 'm' ? `scope = 'provider'`
    : kind === 'p' ? `provider_id = ? and scope = 'provider'`
    : kind === 'u' ? `provider_id = ? and scope = 'unit' and scope_key = ?`
    : kind === 'o' ? `scope = 'oblast' and scope_key = ?` : `scope = 'hromada' and scope_key = ?`;
  const params = kind === 'm' ? [] : kind === 'u' ? [a, b ?? ''] : [a];
  const facts = await em.execute<FactRow[]>(
    `select provider_id, period, scope, scope_key, metric, dim, value from report_fact
      where refresh_id = ? and period in (?) and metric in (?) and dim = '' and ${where}`,
    [run.id, periods, [...TREND_GROUPS], ...params]);
  const index = new FactIndex(facts);
  const states = scope.providerId ? [] : await em.execute<{ period: string; metric: string; state: 'small' | 'hidden' }[]>(
    `select period, metric, state from report_suppression where refresh_id = ? and row_key = ? and dim = '' and period in (?)`,
    [run.id, node, periods]);
  const stateOf = (period: string, metric: string) => states.find((s) => s.period === period && s.metric === metric)?.state ?? 'shown';
  const day = today(req.server.clock);
  const begun = periods.filter((p) => periodsOfYear(year).find((x) => x.key === p)!.starts <= day);
  return {
    node: head.node,
    refreshedAt: iso(run.finished_at),
    series: TREND_GROUPS.map((group) => ({
      group,
      points: begun.map((period) => {
        const state = stateOf(period, group);
        return { period, state, value: state === 'shown' ? index.get(group, period, node, '') : null };
      }),
    })),
  };
}
