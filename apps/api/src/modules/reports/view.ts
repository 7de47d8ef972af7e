import type { FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TReport, TReportCell, TReportGroupView, TReportNodeRef, TReportRow, TSlaView } from '@pilot/contracts';
import { OBLASTS, parsePeriod, publishedMonthly, SMALL_CELL_THRESHOLD, quarterKey, REPORT_GROUPS, SLA_MIN_REFERRALS, SLA_TARGETS, slaStats, type Hierarchy, type ReportGroup, type ReportPeriod } from '@pilot/domain';
import { can } from '../../lib/access.ts';
import { badRequest, notFound } from '../../lib/problems.ts';
import { today } from '../../lib/clock.ts';
import { iso } from '../../lib/pagination.ts';
import { FactIndex, columnsOf, oblastOfHromada, type FactRow } from './cube.ts';
import type { ViewCache } from './view-cache.ts';

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

/** The top of the roll-up for this reader: the pilot for the ministry, its own provider otherwise. */
export const rootOf = (scope: ReportScope) => (scope.providerId ? `p:${scope.providerId}` : 'm');

/** Checks that the node is one the reader may open (404 otherwise), and returns its path from the top. */
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
  throw notFound();
}

async function hromadaOblasts(em: EntityManager, codes: string[]) {
  const known = codes.filter((c) => !c.startsWith('_'));
  const rows = known.length ? await em.execute<{ code: string; oblast_code: string }[]>(`select code, oblast_code from hromada where code in (?)`, [known]) : [];
  return new Map(rows.map((r) => [r.code, r.oblast_code]));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const json = (values: string[]) => JSON.stringify(values);

/**
 * The names of report nodes as one query: providers (`p:<id>`), units (`u:<code>`) and hromadas
 * (`h:<code>`) named by `keys`, and with `allProviders` every provider, ordered by name. Oblasts
 * and the pilot are named in code.
 */
function namesSql(keys: string[], allProviders: boolean): [string, unknown[]] {
  const of = (kind: string) => keys.filter((k) => k.startsWith(`${kind}:`)).map((k) => k.split(':').at(-1)!);
  return [`
    select 'p:' || id as key, name from provider where ? or id in (select x::uuid from jsonb_array_elements_text(?::jsonb) x)
    union all select 'u:' || code, name from military_unit where code in (select jsonb_array_elements_text(?::jsonb))
    union all select 'h:' || code, name_uk from hromada where code in (select jsonb_array_elements_text(?::jsonb))`,
  [allProviders, json(of('p').filter((id) => UUID.test(id))), json(of('u')), json(of('h'))]];
}

const UNKNOWN = { uk: 'не вказано', en: 'not given' };

type Names = ReadonlyMap<string, string>;

/** A node as the report shows it (Ukrainian; the web app localises oblasts by code). */
function refOf(key: string, names: Names): TReportNodeRef {
  if (key === 'm') return { key, kind: 'ministry', name: 'Пілотний проєкт' };
  const [kind, a, b] = key.split(':') as [string, string, string | undefined];
  if (kind === 'p') {
    const name = names.get(key);
    if (name === undefined) throw notFound();
    return { key, kind: 'provider', name };
  }
  if (kind === 'u') {
    const name = b ? names.get(`u:${b}`) : undefined;
    return { key, kind: 'unit', name: b ? `${b}${name ? ` · ${name}` : ''}` : UNKNOWN.uk };
  }
  if (kind === 'o') return { key, kind: 'oblast', name: OBLASTS.find((o) => o.code === a)?.uk ?? UNKNOWN.uk };
  return { key, kind: 'hromada', name: names.get(key) ?? UNKNOWN.uk };
}

/**
 * Everything about a node that is read per request, before any cached view: whether the reader
 * may open it (404 otherwise), the year's published run, whether a refresh is under way, the
 * service targets, and the names along its path — one statement (two for a hromada). Providers
 * are listed too when the view's rows are every provider (the ministry's report by provider).
 */
export async function openNode(req: FastifyRequest, em: EntityManager, query: { hierarchy: Hierarchy; node?: string; year: number }) {
  const scope = reportScope(req);
  const node = query.node ?? rootOf(scope);
  const path = await pathTo(em, scope, query.hierarchy, node);
  const allProviders = query.hierarchy === 'org' && node === 'm';
  const [names, params] = namesSql(path, allProviders);
  const [row] = await em.execute<{
    id: string | null; finished_at: Date | null; refreshing: boolean; names: [string, string][];
    acknowledgement_days: number | null; first_contact_days: number | null; assessment_days: number | null;
  }[]>(`
    select r.id, r.finished_at,
           exists (select 1 from report_refresh where year = ? and status = 'running') as refreshing,
           s.acknowledgement_days, s.first_contact_days, s.assessment_days,
           (select coalesce(json_agg(json_build_array(n.key, n.name) order by n.name, n.key), '[]') from (${names}) n) as names
      from (select 1) one
      left join lateral (select id, finished_at from report_refresh where year = ? and status = 'published' limit 1) r on true
      left join pilot_settings s on true`, [query.year, ...params, query.year]);
  const known = new Map(row!.names);
  const pathRefs = path.map((k) => refOf(k, known));
  // Service targets as they stand: pilot settings change without a new publish.
  const targetDays: TSlaView['targetDays'] = {
    acknowledgement: row!.acknowledgement_days ?? 1, first_contact: row!.first_contact_days ?? 3, assessment: row!.assessment_days ?? 10,
  };
  return {
    scope, node, path: pathRefs, self: pathRefs[pathRefs.length - 1]!,
    run: row!.id ? { id: row!.id, finishedAt: row!.finished_at! } : null,
    refreshing: row!.refreshing, targetDays,
    /** Every provider, by name, when asked for. */
    providers: allProviders ? row!.names.filter(([k]) => k.startsWith('p:')).map(([key, name]) => ({ key, kind: 'provider' as const, name })) : [],
  };
}

export type OpenNode = Awaited<ReturnType<typeof openNode>>;

/**
 * The cache key of a view: the published run (a new publish is a new key), what it shows, and
 * whose it is — the ministry's suppressed view and a provider's own unsuppressed one never share.
 */
export const viewKey = (what: string, open: OpenNode, hierarchy: Hierarchy) =>
  [what, open.run!.id, hierarchy, open.node, open.scope.providerId ? `provider:${open.scope.providerId}` : 'ministry'].join('|');

/** The counts a view needs: the node's scope and the level below, for one period. */
function loadFacts(em: EntityManager, runId: string, period: string, node: string, hierarchy: Hierarchy): Promise<FactRow[]> {
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
    return q(`((scope = 'oblast' and scope_key = ?)
            or (scope = 'hromada' and scope_key in (select code from hromada where oblast_code = ? union all select '_' || ?)))`, [a, a, a]);
  }
  return q(`scope = 'hromada' and scope_key = ?`, [a]);
}

/** The rows below a node that have counts: providers, units, oblasts or hromadas, by key. */
function belowOf(node: string, hierarchy: Hierarchy, facts: FactRow[]): string[] {
  const [kind] = node.split(':') as [string];
  const prefix = hierarchy === 'org' ? (kind === 'm' ? 'p:' : kind === 'p' ? 'u:' : null) : kind === 'm' || kind === 'p' ? 'o:' : kind === 'o' ? 'h:' : null;
  if (!prefix) return [];
  return [...new Set(facts.map((f) => rowKeyFor(f, hierarchy)).filter((r) => r.startsWith(prefix)))].sort();
}

/** Names of rows below a node: one statement when any is named in the database (units, hromadas). */
async function refsOf(em: EntityManager, keys: string[]): Promise<TReportNodeRef[]> {
  const named = keys.filter((k) => /^[puh]:/.test(k));
  const names = named.length ? await em.execute<{ key: string; name: string }[]>(...namesSql(named, false)) : [];
  const known = new Map(names.map((n) => [n.key, n.name]));
  return keys.map((k) => refOf(k, known));
}

type SlaTargets = TSlaView['rows'][number]['targets'];

/**
 * What a view holds that only a new publish changes: its numbers and their suppression by row
 * (the node and the rows below it that have counts; any other row is all zeros) — no names, no
 * settings, nothing read per request.
 */
interface ViewCells {
  below: string[];
  groups: { key: string; columns: string[]; total: boolean; below: boolean; cells: Map<string, TReportCell[]>; none: TReportCell[] }[];
  sla: { rows: Map<string, SlaTargets>; none: SlaTargets } | null;
}

async function buildCells(em: EntityManager, open: OpenNode, period: ReportPeriod, hierarchy: Hierarchy): Promise<ViewCells> {
  const { node, scope } = open;
  const runId = open.run!.id;
  const facts = await loadFacts(em, runId, period.key, node, hierarchy);
  const index = new FactIndex(facts);
  // Columns of the whole year, as the suppression had them: columns of this period and node
  // alone would tell the reader that every column left out is 0 (and pin a "<5" beside them).
  const yearDims = await em.execute<FactRow[]>(
    `select distinct '' as provider_id, '' as period, 'provider' as scope, '' as scope_key, metric, dim, 0 as value
       from report_fact where refresh_id = ? and period = ? and scope = 'provider' and dim <> ''`, [runId, String(period.year)]);
  const columnsIndex = new FactIndex(yearDims);
  const below = belowOf(node, hierarchy, facts);
  const rowKeys = [node, ...below];
  const states = scope.providerId ? new Map<string, string>() : await suppressionStates(em, runId, period.key, rowKeys);

  const groups: ViewCells['groups'] = [];
  for (const group of REPORT_GROUPS as readonly ReportGroup[]) {
    if (!group.hierarchies.includes(hierarchy)) continue;
    if (!group.belowProvider && /^[uoh]:/.test(node)) continue;
    const columns = columnsOf(group, columnsIndex);
    const dims = group.total ? [...columns, ''] : columns;
    if (dims.length === 0) continue;
    const cellsOf = (row: string) => dims.map((dim): TReportCell => {
      const state = (states.get(`${group.key}|${row}|${dim}`) ?? 'shown') as TReportCell['state'];
      const value = index.get(group.key, period.key, row, dim);
      // Fail closed: a small count the suppression had no say on means the cube and the views
      // disagree on what is published (issue 22); refuse the view rather than show it.
      if (!scope.providerId && group.people && state === 'shown' && value > 0 && value < SMALL_CELL_THRESHOLD) {
        throw new Error(`report view ${period.key} ${node} would publish a small count (${group.key} ${row} ${dim})`);
      }
      return { value: state === 'shown' ? value : null, state };
    });
    groups.push({
      key: group.key, columns, total: group.total,
      below: group.belowProvider || (hierarchy === 'org' && node === 'm'),
      cells: new Map(rowKeys.map((r) => [r, cellsOf(r)])),
      none: dims.map(() => ({ value: 0, state: 'shown' })),
    });
  }
  const own = Boolean(scope.providerId);
  const sla = hierarchy === 'org' && period.kind !== 'month' ? {
    rows: new Map(rowKeys.map((r) => [r, slaTargets(index, period.key, r, own)])),
    none: slaTargets(new FactIndex([]), period.key, node, own),
  } : null;
  return { below, groups, sla };
}

/**
 * One view of the report. Per request: the access check, the published run and the names
 * (`openNode`, one statement) and the names of the rows below (one more for units and
 * hromadas); the numbers come from the cache, built once per published run (ADR 15).
 */
export async function buildReport(req: FastifyRequest, em: EntityManager, views: ViewCache, query: { period?: string; hierarchy: Hierarchy; node?: string }): Promise<TReport> {
  const period = parsePeriod(query.period ?? quarterKey(today(req.server.clock)));
  if (!period) throw badRequest('Unknown period', [{ path: 'querystring.period', message: 'Unknown period' }]);
  const hierarchy = query.hierarchy;
  // Months stop at providers and oblasts (publishedMonthly): below them there are no counts to show.
  if (period.kind === 'month' && query.node && !publishedMonthly(query.node)) {
    throw badRequest('Months are reported for the pilot, providers and oblasts; choose a quarter or a year for a unit or a hromada', [{ path: 'querystring.period', message: 'A month is not reported below providers and oblasts' }]);
  }
  const open = await openNode(req, em, { hierarchy, node: query.node, year: period.year });
  const { self } = open;
  const base = { period: period.key, hierarchy, node: self, path: open.path, suppressed: !open.scope.providerId, refreshing: open.refreshing };
  if (!open.run) return { ...base, refreshedAt: null, groups: [], sla: null };

  const view = await views.get(viewKey(`report:${period.key}`, open, hierarchy), () => buildCells(em, open, period, hierarchy));
  // The ministry's report by provider lists every provider, with or without counts.
  const children = hierarchy === 'org' && open.node === 'm' ? open.providers : await refsOf(em, view.below);
  const groups: TReportGroupView[] = view.groups.map((g) => ({
    key: g.key, columns: g.columns, total: g.total,
    // Every row below the node opens its own view (a unit or hromada: the same report, alone).
    rows: [self, ...(g.below ? children : [])].map((r): TReportRow => ({ ...r, drill: r !== self, cells: g.cells.get(r.key) ?? g.none })),
  }));
  const sla = view.sla && {
    targetDays: open.targetDays,
    rows: [self, ...children].map((r, i) => ({ ...r, drill: i > 0, targets: view.sla!.rows.get(r.key) ?? view.sla!.none })),
  };
  return { ...base, refreshedAt: iso(open.run.finishedAt), groups, sla };
}

/**
 * Service targets at a row: median and 90th percentile of the hours to meet each, and the share
 * met within the target. For the ministry a statistic needs five judged referrals.
 */
function slaTargets(index: FactIndex, period: string, row: string, own: boolean): SlaTargets {
  const dims = index.dimsByMetric.get('sla') ?? new Set<string>();
  return Object.fromEntries(SLA_TARGETS.map((target) => {
    const get = (dim: string) => index.get('sla', period, row, `${target}:${dim}`);
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
  }));
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
