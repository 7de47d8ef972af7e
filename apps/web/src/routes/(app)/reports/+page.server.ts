import { localDate } from '@pilot/domain';
import type { TMeasure, TReport, TTrend } from '@pilot/contracts';
import { canUse } from '#lib/access.ts';
import { api, apiOrError } from '#lib/server/api.ts';
import { failWith } from '#lib/server/forms.ts';
import { periodAt } from '#lib/reports.ts';
import { requireArea } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

/** The report's filters live in the URL: period, roll-up, node, and one column to sort by. */
export const load: PageServerLoad = async (event) => {
  const q = event.url.searchParams;
  const hierarchy = q.get('hierarchy') ?? 'org';
  // The filter form carries the node with the roll-up it belongs to: switching roll-up starts at its top.
  const sameRollup = (q.get('nodeHierarchy') ?? hierarchy) === hierarchy;
  const node = (sameRollup && q.get('node')) || undefined;
  // A month of a unit or a hromada is not reported: ask for its quarter instead.
  const query = { period: periodAt(q.get('period') ?? undefined, node), hierarchy, node };
  const [report, trend, measures] = await Promise.all([
    apiOrError<TReport>(event, '/reports/pilot', { query }),
    api<TTrend>(event, '/reports/pilot/trend', { query: { hierarchy: query.hierarchy, node: query.node, year: (query.period ?? '').slice(0, 4) || undefined } }),
    api<{ items: TMeasure[] }>(event, '/catalogue/measures'),
  ]);
  const [group, column, dir] = (q.get('sort') ?? '').split(':');
  return {
    report,
    trend: trend.ok ? trend.data : null,
    measures: measures.ok ? measures.data.items : [],
    sort: group ? { group, column: Number(column), dir: dir === 'asc' ? ('asc' as const) : ('desc' as const) } : null,
    canRefresh: canUse(event.locals.user, 'refreshReports'),
    today: localDate(new Date()),
  };
};

export const actions: Actions = {
  refresh: async (event) => {
    requireArea(event, 'refreshReports');
    const year = Number((event.url.searchParams.get('period') ?? new Date().toISOString()).slice(0, 4));
    const result = await api(event, '/reports/refresh', { method: 'POST', body: { year } });
    if (!result.ok) return failWith(result);
    return { success: true };
  },
};
