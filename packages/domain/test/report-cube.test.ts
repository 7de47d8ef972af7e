import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { groupCube } from '../src/report-cube.ts';
import { periodsOfYear, type ReportGroup, type PeriodKind } from '../src/reports.ts';
import { cubeTable, disclosedCells, suppressCube, SMALL_CELL_THRESHOLD as T, type CellState, type CubeRow } from '../src/suppression.ts';

/**
 * The pilot report's cube of one group over a year, suppressed, read as every view reads it:
 * any cell of any period the suppression did not mark is published (issue 22: months were left
 * out of the cube and published in full). Random counts at the leaves (a provider's unit in a
 * hromada, a month, a column), every level and period worked out from them.
 */
const YEAR = 2026;
const PERIODS = periodsOfYear(YEAR);
const KINDS: readonly PeriodKind[] = ['month', 'quarter', 'year'];

interface Leaf { provider: number; unit: number; oblast: number; hromada: number }
const LEAVES: Leaf[] = [
  { provider: 0, unit: 0, oblast: 0, hromada: 0 }, { provider: 0, unit: 1, oblast: 0, hromada: 1 },
  { provider: 1, unit: 0, oblast: 1, hromada: 0 }, { provider: 1, unit: 1, oblast: 0, hromada: 0 },
];
const ROWS: CubeRow[] = [
  { key: 'm', parent: null },
  { key: 'p:0', parent: 'm', hierarchy: 'org' }, { key: 'p:1', parent: 'm', hierarchy: 'org' },
  { key: 'u:0:0', parent: 'p:0', hierarchy: 'org' }, { key: 'u:0:1', parent: 'p:0', hierarchy: 'org' },
  { key: 'u:1:0', parent: 'p:1', hierarchy: 'org' }, { key: 'u:1:1', parent: 'p:1', hierarchy: 'org' },
  { key: 'o:0', parent: 'm', hierarchy: 'geo' }, { key: 'o:1', parent: 'm', hierarchy: 'geo' },
  { key: 'h:0:0', parent: 'o:0', hierarchy: 'geo' }, { key: 'h:0:1', parent: 'o:0', hierarchy: 'geo' }, { key: 'h:1:0', parent: 'o:1', hierarchy: 'geo' },
];
const inRow = (row: string, l: Leaf) => row === 'm'
  || row === `p:${l.provider}` || row === `u:${l.provider}:${l.unit}` || row === `o:${l.oblast}` || row === `h:${l.oblast}:${l.hromada}`;

const COLUMNS = ['a', 'b'];
const count = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 4 }) }, { weight: 1, arbitrary: fc.integer({ min: 5, max: 12 }) });
/** Counts per leaf, month (0..11) and column. */
const leafCounts = fc.array(fc.array(fc.array(count, { minLength: 2, maxLength: 2 }), { minLength: 12, maxLength: 12 }), { minLength: LEAVES.length, maxLength: LEAVES.length });

function groupOf(total: boolean, periods: ReportGroup['periods']): ReportGroup {
  return { key: 'g', columns: COLUMNS, total, periods, people: true, hierarchies: ['org', 'geo'], belowProvider: true };
}

/** A period's count at a row: months added up, or the latest begun month for a count at the period's end. */
function counter(group: ReportGroup, counts: number[][][], today: string) {
  const monthsOf = (period: string) => {
    const p = PERIODS.find((x) => x.key === period)!;
    const ms = PERIODS.filter((m) => m.kind === 'month' && m.starts >= p.starts && m.ends <= p.ends).map((m) => Number(m.key.slice(5)) - 1);
    return group.periods === 'last' ? ms.filter((m) => PERIODS.find((x) => x.key === `${YEAR}-${String(m + 1).padStart(2, '0')}`)!.starts <= today).slice(-1) : ms;
  };
  return (period: string, row: string, dim: string) => {
    const cols = dim === '' ? COLUMNS.map((_, i) => i) : [COLUMNS.indexOf(dim)];
    let n = 0;
    LEAVES.forEach((l, li) => {
      if (!inRow(row, l)) return;
      for (const m of monthsOf(period)) for (const c of cols) n += counts[li]![m]![c]!;
    });
    return n;
  };
}

describe('the report cube of every period kind (issue 22)', () => {
  const cases = fc.record({
    total: fc.boolean(),
    periods: fc.constantFrom<ReportGroup['periods']>('sum', 'union', 'last'),
    today: fc.constantFrom('2026-12-31', '2026-05-15'),
    counts: leafCounts,
  });

  it('publishes no count of 1 to 4 in a month, a quarter or a year, at any level, and nothing derivable', () => {
    fc.assert(fc.property(cases, ({ total, periods, today, counts }) => {
      const group = groupOf(total, periods);
      const dims = total ? [...COLUMNS, ''] : COLUMNS;
      const cube = groupCube(group, { year: YEAR, today, rows: ROWS, dims, count: counter(group, counts, today) });
      const suppressed = suppressCube(cube);
      // What a view shows: the cell's state, or published when the suppression has no say on it.
      const shown = (p: string, r: string, c: number): CellState => suppressed.state(p, r, c) ?? 'shown';
      // What the views publish: every period of every row, but months only down to providers
      // and oblasts, and no count at the end of a period that has not begun.
      const published = {
        ...cube,
        value: (p: string, r: string, c: number) => {
          const period = PERIODS.find((x) => x.key === p)!;
          if (periods === 'last' && period.starts > today) return null;
          if (period.kind === 'month' && /^[uh]:/.test(r)) return null;
          return counter(group, counts, today)(p, r, dims[c]!);
        },
      };
      for (const kind of KINDS) {
        for (const p of PERIODS.filter((x) => x.kind === kind)) {
          for (const r of ROWS) {
            dims.forEach((_, c) => {
              const v = published.value(p.key, r.key, c);
              if (v === null) return;
              if (shown(p.key, r.key, c) === 'shown') expect(v > 0 && v < T, `${kind} ${p.key} ${r.key} column ${c} shows ${v}`).toBe(false);
            });
          }
        }
      }
      // The whole year as one reader holds it: every view of every period kind side by side.
      const { table, cell } = cubeTable(published);
      const states: CellState[] = new Array(table.values.length);
      for (const p of PERIODS) for (const r of ROWS) dims.forEach((_, c) => { const i = cell(p.key, r.key, c); if (i !== undefined) states[i] = shown(p.key, r.key, c); });
      expect(disclosedCells(table, states)).toEqual([]);
    }), { numRuns: 40, seed: 20261222 });
  }, 300_000);
});
