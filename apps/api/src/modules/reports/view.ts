import type { FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TReport, TReportGroupView, TReportNodeRef, TReportRow, TSlaView } from '@pilot/contracts';
import { OBLASTS, parsePeriod, quarterKey, REPORT_GROUPS, SLA_MIN_REFERRALS, SLA_TARGETS, slaStats, type Hierarchy, type ReportGroup } from '@pilot/domain';
import { can } from '../../lib/access.ts';
import { badRequest, notFound } from '../../lib/problems.ts';
import { today } from '../../lib/clock.ts';
import { iso } from '../../lib/pagination.ts';
import { FactIndex, columnsOf, oblastOfHromada, type FactRow } from './cube.ts';

/**
 * One view of the pilot report: a node of a roll-up and the level below it, for a period, every
 * group of measures. The ministry's is suppressed; a provider's own report (its supervisors and
 * admins) is not, since the people in it are its own.
 */
export interface ReportScope {
  /** Null for the ministry; the provider whose own report this is otherwise. */
  providerId: string | null;
}

export function reportScope(req: FastifyRequest): ReportScope {
  if (can(req.actor, 'reports.read_all')) return { providerId: null };
  return { providerId: req.actor!.providerId! };
}

interface Published { id: string; finished_at: Date }

export async function publishedRun(em: EntityManager, year: number) {
  const [run] = await em.execute<Published[]>(`select id, finished_at from report_refresh where year = ? and status = 'published'`, [year]);
  const [running] = await em.execute<{ n: number }[]>(`select count(*)::int as n from report_refresh where year = ? and status = 'running'`, [year]);
  return { run: run ?? null, refreshing: (running?.n ?? 0) > 0 };
}

const UNKNOWN = { uk: 'не вказано', en: 'not given' };

/** Names of nodes, as the report shows them (Ukrainian; the web app localises oblasts by code). */
async function nameOf(em: EntityManager, key: string): Promise<TReportNodeRef> {
  if (key === 'm') return { key, kind: 'ministry', name: 'Пілотний проєкт' };
  const [kind, a, b] = key.split(':') as [string, string, string | undefined];
  if (kind === 'p') {
    const [p] = await em.execute<{ name: string }[]>(`select name from provider where id = ?`, [a]);
    if (!p) throw notFound('Provider');
    return { key, kind: 'provider', name: p.name };
  }
  if (kind === 'u') {
    const [unit] = b ? await em.execute<{ name: string }[]>(`select name from military_unit where code = ?`, [b]) : [];
    return { key, kind: 'unit', name: b ? `${b}${unit ? ` · ${unit.name}` : ''}` : UNKNOWN.uk };
  }
  if (kind === 'o') return { key, kind: 'oblast', name: OBLASTS.find((o) => o.code === a)?.uk ?? UNKNOWN.uk };
  const [h] = await em.execute<{ name_uk: string }[]>(`select name_uk from hromada where code = ?`, [a]);
  return { key, kind: 'hromada', name: h?.name_uk ?? UNKNOWN.uk };
}

/** The top of the roll-up for this reader: the pilot for the ministry, its own provider otherwise. */
export const rootOf = (scope: ReportScope) => (scope.providerId ? `p:${scope.providerId}` : 'm');

/** Checks that the node is one the reader may open, and returns its path from the top. */
async function pathTo(em: EntityManager, scope: ReportScope, hierarchy: Hierarchy, node: string): Promise<string[]> {
  const root = rootOf(scope);
  if (node === root) return [root];
  const [kind, a] = node.split(':') as [string, string];
  if (hierarchy === 'org') {
    if (kind === 'p' && !scope.providerId) return ['m', node];
    if (kind === 'u' && (!scope.providerId || a === scope.providerId)) return scope.providerId ? [root, node] : ['m', `p:${a}`, node];
  } else {
    if (kind === 'o') return [root, node];
    if (kind === 'h') {
      const oblast = oblastOfHromada(a, await hromadaOblasts(em, [a]));
      return [root, `o:${oblast}`, node];
    }
  }
  throw notFound('Report node');
}

async function hromadaOblasts(em: EntityManager, codes: string[]) {
  const known = codes.filter((c) => !c.startsWith('_'));
  const rows = known.length ? await em.execute<{ code: string; oblast_code: string }[]>(`select code, oblast_code from hromada where code in (?)`, [known]) : [];
  return new Map(rows.map((r) => [r.code, r.oblast_code]));
}

/** The counts a view needs: the node's scope and the level below, for one period. */
async function loadFacts(em: EntityManager, runId: string, period: string, node: string, hierarchy: Hierarchy): Promise<FactRow[]> {
  const [kind, a, b] = node.split(':') as [string, string, string | undefined];
  const q = (where: string, params: unknown[]) => em.execute<FactRow[]>(
    `select provider_id, period, scope, scope_key, metric, dim, value from report_fact where refresh_id = ? and period = ? and ${where}`,
    [runId, period, ...params]);
  if (hierarchy === 'org') {
    if (kind === 'm') return q(`scope = 'provider'`, []);
    if (kind === 'p') return q(`provider_id = ? and scope in ('provider', 'unit')`, [a]);
    return q(`provider_id = ? and scope = 'unit' and scope_key = ?`, [a, b ?? '']);
  }
  // Geography: a provider reading its own report starts from its own total.
  if (kind === 'm' || kind === 'p') return q(`scope in ('provider', 'oblast')`, []);
  if (kind === 'o') {
    const hromadas = await em.execute<{ code: string }[]>(`select code from hromada where oblast_code = ?`, [a]);
    return q(`((scope = 'oblast' and scope_key = ?) or (scope = 'hromada' and scope_key in (?)))`, [a, [...hromadas.map((h) => h.code), `_${a}`]]);
  }
  return q(`scope = 'hromada' and scope_key = ?`, [a]);
}

/** The rows below a node: providers, units, oblasts or hromadas. */
async function childrenOf(em: EntityManager, node: string, hierarchy: Hierarchy, metricRows: string[]): Promise<TReportNodeRef[]> {
  const [kind] = node.split(':') as [string];
  if (hierarchy === 'org' && kind === 'm') {
    const providers = await em.execute<{ id: string; name: string }[]>(`select id, name from provider order by name, id`);
    return providers.map((p) => ({ key: `p:${p.id}`, kind: 'provider', name: p.name }));
  }
  const prefix = hierarchy === 'org' ? (kind === 'p' ? 'u:' : null) : kind === 'm' || kind === 'p' ? 'o:' : kind === 'o' ? 'h:' : null;
  if (!prefix) return [];
  const keys = [...new Set(metricRows.filter((r) => r.startsWith(prefix)))].sort();
  return Promise.all(keys.map((k) => nameOf(em, k)));
}

export async function buildReport(req: FastifyRequest, em: EntityManager, query: { period?: string; hierarchy: Hierarchy; node?: string }): Promise<TReport> {
  const scope = reportScope(req);
  const periodKey = query.period ?? quarterKey(today(req.server.clock));
  const period = parsePeriod(periodKey);
  if (!period) throw badRequest('Unknown period', [{ path: 'querystring.period', message: 'Unknown period' }]);
  const hierarchy = query.hierarchy;
  const node = query.node ?? rootOf(scope);
  const path = await pathTo(em, scope, hierarchy, node);
  const pathRefs = await Promise.all(path.map((k) => nameOf(em, k)));
  const self = pathRefs[pathRefs.length - 1]!;
  const { run, refreshing } = await publishedRun(em, period.year);
  const base = { period: period.key, hierarchy, node: self, path: pathRefs, suppressed: !scope.providerId, refreshing };
  if (!run) return { ...base, refreshedAt: null, groups: [], sla: null };

  const facts = await loadFacts(em, run.id, period.key, node, hierarchy);
  const index = new FactIndex(facts);
  const children = await childrenOf(em, node, hierarchy, [...new Set(facts.map((f) => rowKeyFor(f, hierarchy)))]);
  const states = scope.providerId ? new Map<string, string>() : await suppressionStates(em, run.id, period.key, [node, ...children.map((c) => c.key)]);

  const groups: TReportGroupView[] = [];
  for (const group of REPORT_GROUPS as readonly ReportGroup[]) {
    if (!group.hierarchies.includes(hierarchy)) continue;
    if (!group.belowProvider && /^[uoh]:/.test(node)) continue;
    const columns = columnsOf(group, index);
    const dims = group.total ? [...columns, ''] : columns;
    if (dims.length === 0) continue;
    const belowAllowed = group.belowProvider || (hierarchy === 'org' && node === 'm');
    const rowsFor = [self, ...(belowAllowed ? children : [])];
    const rows: TReportRow[] = rowsFor.map((r) => ({
      ...r,
      // Every row below the node opens its own view (a unit or hromada: the same report, alone).
      drill: r !== self,
      cells: dims.map((dim) => {
        const state = (states.get(`${group.key}|${r.key}|${dim}`) ?? 'shown') as 'shown' | 'small' | 'hidden';
        return { value: state === 'shown' ? index.get(group.key, period.key, r.key, dim) : null, state };
      }),
    }));
    groups.push({ key: group.key, columns, total: group.total, rows });
  }
  const sla = hierarchy === 'org' && period.kind !== 'month' ? await slaView(em, index, period.key, [self, ...children], Boolean(scope.providerId)) : null;
  return { ...base, refreshedAt: iso(run.finished_at), groups, sla };
}

/**
 * Service targets at each row: median and 90th percentile of the hours to meet each, and the
 * share met within the target. For the ministry a statistic needs five judged referrals.
 */
async function slaView(em: EntityManager, index: FactIndex, period: string, rows: TReportNodeRef[], own: boolean): Promise<TSlaView> {
  const [settings] = await em.execute<{ acknowledgement_days: number; first_contact_days: number; assessment_days: number }[]>(
    `select acknowledgement_days, first_contact_days, assessment_days from pilot_settings`);
  const targetDays = {
    acknowledgement: settings?.acknowledgement_days ?? 1, first_contact: settings?.first_contact_days ?? 3, assessment: settings?.assessment_days ?? 10,
  };
  const dims = index.dimsByMetric.get('sla') ?? new Set<string>();
  return {
    targetDays,
    rows: rows.map((r, i) => ({
      ...r,
      drill: i > 0,
      targets: Object.fromEntries(SLA_TARGETS.map((target) => {
        const get = (dim: string) => index.get('sla', period, r.key, `${target}:${dim}`);
        const hours = new Map<number, number>();
        for (const d of dims) {
          if (d.startsWith(`${target}:h:`)) {
            const n = get(d.slice(target.length + 1));
            if (n) hours.set(Number(d.slice(target.length + 3)), n);
          }
        }
        const counts = { hours, onTime: get('on_time'), late: get('late'), missedOpen: get('missed') };
        const stats = slaStats(counts);
        const judged = counts.onTime + counts.late + counts.missedOpen;
        const hidden = !own && judged < SLA_MIN_REFERRALS;
        return [target, hidden || judged === 0
          ? { medianHours: null, p90Hours: null, shareWithin: null, state: hidden && judged > 0 ? 'small' as const : 'shown' as const }
          : { medianHours: stats.medianHours, p90Hours: stats.p90Hours, shareWithin: stats.shareWithin, state: 'shown' as const }];
      })),
    })),
  };
}

/** Which row a count belongs to in this hierarchy's view (`m` for a provider total in geography). */
function rowKeyFor(f: FactRow, hierarchy: Hierarchy) {
  if (f.scope === 'provider') return hierarchy === 'org' ? `p:${f.provider_id}` : 'm';
  if (f.scope === 'unit') return `u:${f.provider_id}:${f.scope_key}`;
  return `${f.scope === 'oblast' ? 'o' : 'h'}:${f.scope_key}`;
}

async function suppressionStates(em: EntityManager, runId: string, period: string, rowKeys: string[]) {
  const rows = await em.execute<{ metric: string; row_key: string; dim: string; state: string }[]>(
    `select metric, row_key, dim, state from report_suppression where refresh_id = ? and period = ? and row_key in (?)`,
    [runId, period, rowKeys]);
  return new Map(rows.map((r) => [`${r.metric}|${r.row_key}|${r.dim}`, r.state]));
}
