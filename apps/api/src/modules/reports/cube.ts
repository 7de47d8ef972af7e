import { groupCube, periodsOfYear, suppressCube, type CellState, type CubeRow, type ReportGroup } from '@pilot/domain';

/**
 * The pilot report as the ministry sees it, built from the providers' counts: rows of the
 * organisational roll-up (`m` the ministry, `p:<provider>`, `u:<provider>:<unit code>`) and of
 * the geographic one (`o:<oblast>`, `h:<hromada>`), for a year, its quarters and months.
 * The ministry's numbers are sums over providers: a person served by two providers counts for
 * each (and so twice at the top), exactly as transfers count on both sides.
 */
export interface FactRow { provider_id: string; period: string; scope: string; scope_key: string; metric: string; dim: string; value: string | number }

export const rowKeyOf = (f: Pick<FactRow, 'provider_id' | 'scope' | 'scope_key'>) => {
  switch (f.scope) {
    case 'provider': return `p:${f.provider_id}`;
    case 'unit': return `u:${f.provider_id}:${f.scope_key}`;
    case 'oblast': return `o:${f.scope_key}`;
    default: return `h:${f.scope_key}`;
  }
};

/** A hromada's oblast: from the codifier, or from the key of an unknown one (`_<oblast>`). */
export const oblastOfHromada = (key: string, hromadaOblast: ReadonlyMap<string, string>) =>
  key.startsWith('_') ? (key.slice(1) || '_') : (hromadaOblast.get(key) ?? '_');

/** Counts by metric → period → row → dim, with the ministry row and the geographic rows summed over providers. */
export class FactIndex {
  readonly #data = new Map<string, Map<string, Map<string, Map<string, number>>>>();
  readonly rowsByMetric = new Map<string, Set<string>>();
  readonly dimsByMetric = new Map<string, Set<string>>();

  constructor(facts: Iterable<FactRow>) {
    for (const f of facts) {
      const v = Number(f.value);
      const row = rowKeyOf(f);
      this.#add(f.metric, f.period, row, f.dim, v);
      if (f.scope === 'provider') this.#add(f.metric, f.period, 'm', f.dim, v);
      if (f.dim) {
        let dims = this.dimsByMetric.get(f.metric);
        if (!dims) this.dimsByMetric.set(f.metric, (dims = new Set()));
        dims.add(f.dim);
      }
    }
  }

  #add(metric: string, period: string, row: string, dim: string, v: number) {
    let byPeriod = this.#data.get(metric);
    if (!byPeriod) this.#data.set(metric, (byPeriod = new Map()));
    let byRow = byPeriod.get(period);
    if (!byRow) byPeriod.set(period, (byRow = new Map()));
    let byDim = byRow.get(row);
    if (!byDim) byRow.set(row, (byDim = new Map()));
    byDim.set(dim, (byDim.get(dim) ?? 0) + v);
    let rows = this.rowsByMetric.get(metric);
    if (!rows) this.rowsByMetric.set(metric, (rows = new Set()));
    rows.add(row);
  }

  get(metric: string, period: string, row: string, dim: string): number {
    return this.#data.get(metric)?.get(period)?.get(row)?.get(dim) ?? 0;
  }

  /** Rows with any count for the metric in the period. */
  rowsIn(metric: string, period: string): string[] {
    return [...(this.#data.get(metric)?.get(period)?.keys() ?? [])];
  }
}

/** The group's columns: its fixed ones, or those the data has (measures, versions), in order. */
export function columnsOf(group: ReportGroup, index: FactIndex): string[] {
  if (group.columns !== 'dynamic') return [...group.columns];
  return [...(index.dimsByMetric.get(group.key) ?? [])].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

export interface SuppressedCell { period: string; metric: string; rowKey: string; dim: string; state: Exclude<CellState, 'shown'> }

/**
 * Suppresses one group of a year as one cube: every period, both hierarchies, all columns.
 * Months carry the totals of the ministry, providers and oblasts (the trend lines).
 */
export function suppressGroup(group: ReportGroup, year: number, index: FactIndex, hromadaOblast: ReadonlyMap<string, string>, today: string): SuppressedCell[] {
  const columns = columnsOf(group, index);
  const dims = group.total ? [...columns, ''] : columns;
  if (dims.length === 0) return [];
  const seen = index.rowsByMetric.get(group.key) ?? new Set<string>();
  const rows: CubeRow[] = [{ key: 'm', parent: null }];
  for (const key of seen) {
    if (key.startsWith('p:')) rows.push({ key, parent: 'm', hierarchy: 'org' });
    else if (key.startsWith('u:') && group.belowProvider) rows.push({ key, parent: `p:${key.split(':')[1]}`, hierarchy: 'org' });
    else if (key.startsWith('o:') && group.hierarchies.includes('geo')) rows.push({ key, parent: 'm', hierarchy: 'geo' });
    else if (key.startsWith('h:') && group.hierarchies.includes('geo') && group.belowProvider) {
      rows.push({ key, parent: `o:${oblastOfHromada(key.slice(2), hromadaOblast)}`, hierarchy: 'geo' });
    }
  }
  // A hromada whose oblast has no row of its own (no count there at all) cannot happen: its
  // counts are the oblast's too. Guard anyway rather than fail the refresh.
  const keys = new Set(rows.map((r) => r.key));
  const usable = rows.filter((r) => r.parent === null || keys.has(r.parent));
  const periods = periodsOfYear(year);
  const cube = suppressCube(groupCube(group, { year, today, rows: usable, dims, count: (period, row, dim) => index.get(group.key, period, row, dim) }));
  const out: SuppressedCell[] = [];
  for (const p of periods) {
    for (const r of usable) {
      dims.forEach((dim, c) => {
        const state = cube.state(p.key, r.key, c);
        if (state === 'small' || state === 'hidden') out.push({ period: p.key, metric: group.key, rowKey: r.key, dim, state });
      });
    }
  }
  return out;
}
