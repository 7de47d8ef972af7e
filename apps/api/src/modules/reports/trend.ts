import type { FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TReportCell, TTrend } from '@pilot/contracts';
import { periodsOfYear, type Hierarchy } from '@pilot/domain';
import { today } from '../../lib/clock.ts';
import { iso } from '../../lib/pagination.ts';
import { openNode, viewKey, type OpenNode } from './view.ts';
import type { ViewCache } from './view-cache.ts';
import { FactIndex, type FactRow } from './cube.ts';

/** The groups people follow over time. */
export const TREND_GROUPS = ['people_served', 'families_served', 'cases_new', 'deliveries', 'overdue_steps'] as const;

type Series = { group: string; points: ({ period: string } & TReportCell)[] }[];

/**
 * A node's totals over a year: by month for the pilot, a provider or an oblast (their monthly
 * totals are part of the suppressed cube), by quarter below them. The series of a published run
 * is cached like a report view (ADR 15); which periods have begun is decided per request.
 */
export async function buildTrend(req: FastifyRequest, em: EntityManager, views: ViewCache, query: { hierarchy: Hierarchy; node?: string; year?: number }): Promise<TTrend> {
  const day = today(req.server.clock);
  const year = query.year ?? Number(day.slice(0, 4));
  const open = await openNode(req, em, { hierarchy: query.hierarchy, node: query.node, year });
  if (!open.run) return { node: open.self, series: [], refreshedAt: null };
  const series = await views.get(viewKey(`trend:${year}`, open, query.hierarchy), () => buildSeries(em, open, year));
  const begun = new Set(periodsOfYear(year).filter((p) => p.starts <= day).map((p) => p.key));
  return {
    node: open.self,
    refreshedAt: iso(open.run.finishedAt),
    series: series.map((s) => ({ group: s.group, points: s.points.filter((p) => begun.has(p.period)) })),
  };
}

async function buildSeries(em: EntityManager, open: OpenNode, year: number): Promise<Series> {
  const { node, scope } = open;
  const runId = open.run!.id;
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
    [runId, periods, [...TREND_GROUPS], ...params]);
  const index = new FactIndex(facts);
  const states = scope.providerId ? [] : await em.execute<{ period: string; metric: string; state: 'small' | 'hidden' }[]>(
    `select period, metric, state from report_suppression where refresh_id = ? and row_key = ? and dim = '' and period in (?)`,
    [runId, node, periods]);
  const stateOf = (period: string, metric: string) => states.find((s) => s.period === period && s.metric === metric)?.state ?? 'shown';
  return TREND_GROUPS.map((group) => ({
    group,
    points: periods.map((period) => {
      const state = stateOf(period, group);
      return { period, state, value: state === 'shown' ? index.get(group, period, node, '') : null };
    }),
  }));
}
