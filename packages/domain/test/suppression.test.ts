import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { disclosedCells, smallLabel, suppress, suppressCube, suppressGrid, type CellState, type Grid, type Line, type SuppressionTable } from '../src/suppression.ts';

const T = 5;

/**
 * An independent reader of a published table: enumerates every assignment of the suppressed
 * cells that fits what is published ("<5" cells in 1..4, or 0..4 among the parts of a "<5"
 * total, where zeros are shown as "<5" too; hidden cells 0 or at least 5; every line holding)
 * and returns, per suppressed cell, the values it could take. A small cell with a single
 * possible value has been derived. Hidden cells are tried up to `cap`; narrowing the reader's
 * guesses only makes it stronger, so a table that survives it survives a real reader.
 */
function possibleValues(table: SuppressionTable, state: readonly CellState[], cap: number): Map<number, Set<number>> {
  const unknown = state.map((s, i) => (s === 'shown' ? -1 : i)).filter((i) => i >= 0);
  const value = new Map<number, number>();
  const known = (c: number) => (state[c] === 'shown' ? table.values[c]! : value.get(c));
  const underSmall = new Set(table.lines.filter((l) => state[l.total] === 'small').flatMap((l) => l.parts));
  const fits = (c: number, v: number) => (state[c] === 'small' ? v >= (underSmall.has(c) ? 0 : 1) && v < T : v === 0 || v >= T);
  const domain = (c: number) => {
    const d: number[] = [];
    for (let v = 0; v <= cap; v++) if (fits(c, v)) d.push(v);
    return d;
  };
  const ok = (line: Line) => {
    const vals = [line.total, ...line.parts].map(known);
    if (vals.some((v) => v === undefined)) return true;
    const [t, ...parts] = vals as number[];
    const sum = parts.reduce((a, b) => a + b, 0);
    return (line.kind ?? 'sum') === 'sum' ? t === sum : t! <= sum && parts.every((p) => p <= t!);
  };
  const seen = new Map(unknown.map((c) => [c, new Set<number>()]));
  const inDomain = (c: number, v: number) => v >= 0 && v <= cap && fits(c, v);
  // A sum line with one cell left open fixes that cell; otherwise branch on the next open cell.
  const forced = (): [number, number] | null => {
    for (const line of table.lines) {
      if ((line.kind ?? 'sum') !== 'sum') continue;
      const open = [line.total, ...line.parts].filter((c) => known(c) === undefined);
      if (open.length !== 1) continue;
      const c = open[0]!;
      const partsSum = line.parts.reduce((a, p) => a + (p === c ? 0 : known(p)!), 0);
      return [c, c === line.total ? partsSum : known(line.total)! - partsSum];
    }
    return null;
  };
  const visit = () => {
    if (!table.lines.every(ok)) return;
    const f = forced();
    const choices: [number, number[]] | null = f ? [f[0], inDomain(f[0], f[1]) ? [f[1]] : []]
      : (() => { const c = unknown.find((u) => !value.has(u)); return c === undefined ? null : [c, domain(c)]; })();
    if (!choices) {
      for (const c of unknown) seen.get(c)!.add(value.get(c)!);
      return;
    }
    const [c, vals] = choices;
    for (const v of vals) {
      value.set(c, v);
      visit();
    }
    value.delete(c);
  };
  visit();
  return seen;
}

/** Small counts (not zeros shown as "<5") the independent reader pins to one value. */
function derived(table: SuppressionTable, state: readonly CellState[], cap: number) {
  const seen = possibleValues(table, state, cap);
  return [...seen].filter(([c, vals]) => state[c] === 'small' && table.values[c]! > 0 && vals.size === 1).map(([c]) => c);
}

/** A row of parts and its total, as a table. */
const row = (parts: number[]): SuppressionTable => ({
  values: [...parts, parts.reduce((a, b) => a + b, 0)],
  lines: [{ total: parts.length, parts: parts.map((_, i) => i) }],
});

describe('primary suppression', () => {
  it('marks counts of 1 to 4 as small and publishes 0 and 5 or more', () => {
    const state = suppress({ values: [0, 1, 2, 3, 4, 5, 6, 100], lines: [] });
    expect(state).toEqual(['shown', 'small', 'small', 'small', 'small', 'shown', 'shown', 'shown']);
    expect(smallLabel()).toBe('<5');
  });

  it('takes another threshold when asked', () => {
    expect(suppress({ values: [9, 10], lines: [] }, { threshold: 10 })).toEqual(['small', 'shown']);
  });

  it('refuses a table whose lines do not add up', () => {
    expect(() => suppress({ values: [1, 2, 4], lines: [{ total: 2, parts: [0, 1] }] })).toThrow(/does not hold/);
    expect(() => suppress({ values: [1, -2], lines: [] })).toThrow(/non-negative/);
    expect(() => suppress({ values: [3, 2, 4], lines: [{ total: 0, parts: [1, 2], kind: 'union' }] })).toThrow(/does not hold/);
  });
});

describe('complementary suppression against a reader who subtracts', () => {
  it('hides a second cell of a row so the small one cannot be taken from the total', () => {
    const table = row([3, 12, 40]);
    const state = suppress(table);
    expect(state[0]).toBe('small');
    // The smallest cell big enough to protect it goes too; the total stays published.
    expect(state).toEqual(['small', 'hidden', 'shown', 'shown']);
    expect(disclosedCells(table, ['small', 'shown', 'shown', 'shown'])).toEqual([0]);
    expect(disclosedCells(table, state)).toEqual([]);
    expect(derived(table, state, 60)).toEqual([]);
  });

  it('does not trust a pair a reader can still split: 1 and 5 out of 6', () => {
    // Hiding the 5 next to the 1 leaves 6 = "<5" + hidden, and hidden is 0 or at least 5:
    // only 1 + 5 fits. A third cell has to go.
    const table = row([1, 5, 20]);
    const naive: CellState[] = ['small', 'hidden', 'shown', 'shown'];
    expect(derived(table, naive, 60)).toEqual([0]);
    expect(disclosedCells(table, naive)).toEqual([0]);
    const state = suppress(table);
    expect(state.filter((s) => s !== 'shown').length).toBeGreaterThanOrEqual(3);
    expect(derived(table, state, 60)).toEqual([]);
  });

  it('suppresses a small total and protects it from its parts, its zeros shown as "<5" too', () => {
    const table = row([0, 2, 1]);
    const state = suppress(table);
    expect(state).toEqual(['small', 'small', 'small', 'small']);
    expect(derived(table, state, 40)).toEqual([]);
  });

  it('does not let a small total pin its parts: 1 + 1 + 1 + 1 = "<5"', () => {
    // Were the zeros beside them shown as 0, four "<5" parts of a "<5" total would each be 1.
    const table = row([1, 1, 1, 1, 0, 0]);
    const state = suppress(table);
    expect(state).toEqual(Array(7).fill('small'));
    expect(derived(table, state, 20)).toEqual([]);
    expect(disclosedCells(table, state)).toEqual([]);
  });

  it('does not hide zeros when a bigger cell is there to protect with', () => {
    const state = suppress(row([0, 2, 7, 9]));
    expect(state[0]).toBe('shown');
    expect(state[2]).toBe('hidden');
  });

  it('protects a small count from its row and its column at once', () => {
    // 3 × 3 interior with row and column totals and a grand total.
    const grid = [
      [2, 8, 10],
      [6, 9, 11],
      [7, 12, 5],
    ];
    const { table, cell } = crossTable(grid);
    const state = suppress(table);
    expect(state[cell(0, 0)]).toBe('small');
    const hiddenInRow = [0, 1, 2, 3].filter((c) => state[cell(0, c)] !== 'shown').length;
    const hiddenInCol = [0, 1, 2, 3].filter((r) => state[cell(r, 0)] !== 'shown').length;
    expect(hiddenInRow).toBeGreaterThanOrEqual(2);
    expect(hiddenInCol).toBeGreaterThanOrEqual(2);
    expect(derived(table, state, 80)).toEqual([]);
  });
});

describe('derivation through combinations of lines', () => {
  it('finds a small cell that only a sum of several lines gives away (a bridge)', () => {
    // Every row and column with a hidden cell has at least two, yet the cell at (1, 2) joins
    // two otherwise separate groups and equals (rows 0–1) minus (columns 0–1).
    const grid = [
      [6, 7, 9, 9],
      [8, 6, 2, 9],
      [9, 9, 6, 7],
      [9, 9, 8, 6],
    ];
    const { table, cell } = crossTable(grid);
    const state: CellState[] = table.values.map(() => 'shown');
    for (const [r, c] of [[0, 0], [0, 1], [1, 0], [1, 1], [2, 2], [2, 3], [3, 2], [3, 3]] as const) state[cell(r, c)] = 'hidden';
    state[cell(1, 2)] = 'small';
    state[cell(1, 1)] = 'hidden';
    expect(disclosedCells(table, state)).toContain(cell(1, 2));
    const safe = suppress(table);
    expect(disclosedCells(table, safe)).toEqual([]);
  });

  it('finds a value pinned by ranges across lines that subtraction alone would miss', () => {
    // Row: a + b = 2 with both "<5" → both are 1.
    const table = row([1, 1, 30]);
    const state: CellState[] = ['small', 'small', 'shown', 'shown'];
    expect(disclosedCells(table, state).sort()).toEqual([0, 1]);
    const safe = suppress(table);
    expect(safe[2]).toBe('hidden');
    expect(derived(table, safe, 60)).toEqual([]);
  });

  it('knows an "x" is 0 or at least 5 across several at once: 6 = x + x + "<5" makes the "<5" 1', () => {
    // Cells: 6, x (5), x (0), "<5" (1); the first x is also in 105 = x + 100 (both hidden, no
    // bound above), so the group cannot be enumerated, and neither x alone has one value.
    const table: SuppressionTable = { values: [6, 5, 0, 1, 105, 100], lines: [{ total: 0, parts: [1, 2, 3] }, { total: 4, parts: [1, 5] }] };
    const state: CellState[] = ['shown', 'hidden', 'hidden', 'small', 'hidden', 'hidden'];
    expect(disclosedCells(table, state)).toEqual([3]);
    expect(disclosedCells(table, state.map((st, i) => (i === 0 ? 'hidden' : st)))).toEqual([]);
  });
});

describe('roll-ups: ministry → provider → unit', () => {
  // Ministry row, two providers, each with two units; columns: two measures and the total.
  const grid: Grid = {
    rows: [
      { key: 'ministry', parent: null },
      { key: 'p1', parent: 'ministry' }, { key: 'p2', parent: 'ministry' },
      { key: 'p1u1', parent: 'p1' }, { key: 'p1u2', parent: 'p1' },
      { key: 'p2u1', parent: 'p2' }, { key: 'p2u2', parent: 'p2' },
    ],
    values: [
      [38, 45, 83],
      [17, 20, 37], [21, 25, 46],
      [3, 11, 14], [14, 9, 23],
      [10, 12, 22], [11, 13, 24],
    ],
    columns: 'sum',
    rollup: 'sum',
  };

  it('hides a unit count together with cells that would give it back at the provider level', () => {
    const states = suppressGrid(grid);
    expect(states[3]![0]).toBe('small');
    // The unit's neighbour under the same provider (column) and in the same unit (row).
    expect(states[4]![0]).not.toBe('shown');
    expect(states[3]!.filter((s) => s !== 'shown').length).toBeGreaterThanOrEqual(2);
    // The ministry and provider totals people look at first stay published.
    expect(states[0]).toEqual(['shown', 'shown', 'shown']);
    const { table, flatState } = flatten(grid, states);
    expect(derived(table, flatState, 60)).toEqual([]);
  });

  it('keeps two hierarchies that share the ministry row consistent (provider → unit and oblast → hromada)', () => {
    const two: Grid = {
      rows: [
        { key: 'ministry', parent: null },
        { key: 'p1', parent: 'ministry', hierarchy: 'org' }, { key: 'p2', parent: 'ministry', hierarchy: 'org' },
        { key: 'o1', parent: 'ministry', hierarchy: 'geo' }, { key: 'o2', parent: 'ministry', hierarchy: 'geo' },
        { key: 'o1h1', parent: 'o1', hierarchy: 'geo' }, { key: 'o1h2', parent: 'o1', hierarchy: 'geo' },
      ],
      values: [
        [30, 40, 70],
        [12, 20, 32], [18, 20, 38],
        [27, 13, 40], [3, 27, 30],
        [20, 6, 26], [7, 7, 14],
      ],
      columns: 'sum',
      rollup: 'sum',
    };
    const states = suppressGrid(two);
    expect(states[4]![0]).toBe('small');
    const { table, flatState } = flatten(two, states);
    expect(disclosedCells(table, flatState)).toEqual([]);
    expect(derived(table, flatState, 50)).toEqual([]);
  });

  it('treats distinct people as a union: a family under two categories is counted once in the total', () => {
    const union: Grid = {
      rows: [{ key: 'ministry', parent: null }],
      values: [[4, 9, 11]],
      columns: 'union',
      rollup: 'union',
    };
    const states = suppressGrid(union);
    expect(states[0]![0]).toBe('small');
    const { table, flatState } = flatten(union, states);
    expect(derived(table, flatState, 40)).toEqual([]);
  });

  it('refuses rows of different widths and unknown parents', () => {
    expect(() => suppressGrid({ ...grid, values: [[1, 2, 3], [1, 2]] })).toThrow(/expected 3/);
    expect(() => suppressGrid({ ...grid, rows: [{ key: 'a', parent: 'nowhere' }], values: [[1, 1, 2]] })).toThrow(/unknown parent/);
  });
});


describe('periods: a quarter and its months', () => {
  // Totals only: the ministry over two providers, a quarter over its three months.
  const monthly: Record<string, number[]> = { p1: [10, 12, 2], p2: [8, 9, 11] };
  const rows = [{ key: 'm', parent: null }, { key: 'p1', parent: 'm' }, { key: 'p2', parent: 'm' }];
  const periods = [{ key: 'Q', parent: null }, { key: 'M1', parent: 'Q' }, { key: 'M2', parent: 'Q' }, { key: 'M3', parent: 'Q' }];
  const value = (p: string, r: string) => {
    const of = (row: string) => (p === 'Q' ? monthly[row]!.reduce((a, b) => a + b, 0) : monthly[row]![Number(p.slice(1)) - 1]!);
    return r === 'm' ? of('p1') + of('p2') : of(r);
  };

  it('hides more than the small month, so the quarter minus the other months does not give it back', () => {
    const cube = suppressCube({ rows, periods, width: 1, columns: 'sum', rollup: 'sum', periodRollup: 'sum', value: (p, r) => value(p, r) });
    expect(cube.state('M3', 'p1', 0)).toBe('small');
    // The same cells and lines, written out by hand for the independent reader.
    const cells = periods.flatMap((p) => rows.map((r) => [p.key, r.key] as const));
    const at = (p: string, r: string) => cells.findIndex(([cp, cr]) => cp === p && cr === r);
    const lines: Line[] = [
      ...periods.map((p) => ({ total: at(p.key, 'm'), parts: [at(p.key, 'p1'), at(p.key, 'p2')] })),
      ...rows.map((r) => ({ total: at('Q', r.key), parts: ['M1', 'M2', 'M3'].map((m) => at(m, r.key)) })),
    ];
    const table = { values: cells.map(([p, r]) => value(p, r)), lines };
    const state = cells.map(([p, r]) => cube.state(p, r, 0)!);
    expect(state.filter((x) => x !== 'shown').length).toBeGreaterThanOrEqual(4);
    expect(derived(table, state, 80)).toEqual([]);
    // Without the period lines the quarter would have handed the month back.
    const naive = cells.map(([p, r]): CellState => (p !== 'M3' || r === 'm' ? 'shown' : r === 'p1' ? 'small' : 'hidden'));
    expect(derived(table, naive, 80)).toContain(at('M3', 'p1'));
  });

  it('leaves out cells a period does not publish (months carry totals only)', () => {
    const cube = suppressCube({
      rows, periods, width: 2, columns: 'sum', rollup: 'sum', periodRollup: 'union',
      value: (p, r, c) => (c === 0 && p !== 'Q' ? null : value(p, r)),
    });
    expect(cube.state('M1', 'p1', 0)).toBeUndefined();
    expect(cube.state('M3', 'p1', 1)).toBe('small');
  });
});

describe('properties', () => {
  // Counts drawn so that small ones are common.
  const count = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 4 }) }, { weight: 2, arbitrary: fc.integer({ min: 5, max: 14 }) });

  it('no small count is ever published, and none can be derived from a two-level table', () => {
    fc.assert(fc.property(
      fc.integer({ min: 2, max: 3 }).chain((kids) => fc.integer({ min: 2, max: 3 }).chain((cols) =>
        fc.array(fc.array(count, { minLength: cols, maxLength: cols }), { minLength: kids, maxLength: kids }))),
      (leaves) => {
        const g = twoLevel(leaves);
        const states = suppressGrid(g);
        g.values.forEach((r, i) => r.forEach((v, j) => {
          if (v > 0 && v < T) expect(states[i]![j]).toBe('small');
          if (states[i]![j] === 'small') expect(v).toBeLessThan(T);
        }));
        const { table, flatState } = flatten(g, states);
        expect(derived(table, flatState, Math.max(...table.values) + T + 3)).toEqual([]);
      }), { numRuns: 120, seed: 20261201 });
  }, 60_000);

  it('no small count can be derived from a three-level table suppressed one roll-up at a time', () => {
    // The pilot → two providers → two units each: the units are decided under their provider
    // as already decided, yet the reader gets the whole table at once.
    fc.assert(fc.property(
      fc.array(fc.array(count, { minLength: 2, maxLength: 2 }), { minLength: 4, maxLength: 4 }),
      (leaves) => {
        const rows = [{ key: 'm', parent: null }, { key: 'a', parent: 'm' }, { key: 'b', parent: 'm' },
          { key: 'a1', parent: 'a' }, { key: 'a2', parent: 'a' }, { key: 'b1', parent: 'b' }, { key: 'b2', parent: 'b' }];
        const g: Grid = { rows, values: buildTotals(rows, leaves), columns: 'sum', rollup: 'sum' };
        const states = suppressGrid(g);
        const { table, flatState } = flatten(g, states);
        expect(disclosedCells(table, flatState)).toEqual([]);
        expect(derived(table, flatState, Math.max(...table.values) + T + 3)).toEqual([]);
      }), { numRuns: 60, seed: 20261125 });
  }, 120_000);

  it('hides a parent cell when nothing under it can protect a unit, and protects that cell above', () => {
    // Provider a's first column is 4 + 4 = 8 over its two units: whatever else is hidden in the
    // units' rows, "<5" + "<5" = 8 gives both away, so a's 8 has to go, and with it a cell at
    // the pilot's level so that 8 cannot come back from the pilot's total.
    const rows = [{ key: 'm', parent: null }, { key: 'a', parent: 'm' }, { key: 'b', parent: 'm' },
      { key: 'a1', parent: 'a' }, { key: 'a2', parent: 'a' }, { key: 'b1', parent: 'b' }, { key: 'b2', parent: 'b' }];
    const g: Grid = { rows, values: buildTotals(rows, [[4, 30], [4, 25], [20, 30], [22, 31]]), columns: 'sum', rollup: 'sum' };
    const states = suppressGrid(g);
    expect(states[1]![0]).toBe('hidden');
    const { table, flatState } = flatten(g, states);
    expect(disclosedCells(table, flatState)).toEqual([]);
    expect(derived(table, flatState, 120)).toEqual([]);
    // The pilot's numbers are large and stay published.
    expect(states[0]).toEqual(['shown', 'shown', 'shown']);
  });

  it('keeps the pilot and oblast totals published over hromadas that are nearly all small', () => {
    // 20 oblasts of 30 hromadas each, 3 measures: most hromada counts are 0 to 4.
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const rows: Grid['rows'][number][] = [{ key: 'm', parent: null }];
    const leaves: number[][] = [];
    for (let o = 0; o < 20; o++) {
      rows.push({ key: `o${o}`, parent: 'm' });
      for (let h = 0; h < 30; h++) {
        rows.push({ key: `o${o}h${h}`, parent: `o${o}` });
        leaves.push(Array.from({ length: 3 }, () => (rnd() < 0.85 ? Math.floor(rnd() * 5) : 5 + Math.floor(rnd() * 30))));
      }
    }
    const grid: Grid = { rows, values: buildTotals(rows, leaves), columns: 'sum', rollup: 'sum' };
    const states = suppressGrid(grid);
    const { table, flatState } = flatten(grid, states);
    expect(disclosedCells(table, flatState)).toEqual([]);
    expect(states[0]).toEqual(['shown', 'shown', 'shown', 'shown']);
    const oblastCells = rows.flatMap((r, i) => (/^o\d+$/.test(r.key) ? states[i]! : []));
    expect(oblastCells.filter((s) => s === 'shown').length / oblastCells.length).toBeGreaterThan(0.9);
  });

  it('protects a national-sized provider × unit grid', () => {
    // 200 providers with 5 units each, 14 measures: mostly large counts, some small ones.
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const rows: Grid['rows'][number][] = [{ key: 'm', parent: null }];
    const leaves: number[][] = [];
    for (let p = 0; p < 200; p++) {
      rows.push({ key: `p${p}`, parent: 'm' });
      for (let u = 0; u < 5; u++) {
        rows.push({ key: `p${p}u${u}`, parent: `p${p}` });
        leaves.push(Array.from({ length: 14 }, () => (rnd() < 0.08 ? 1 + Math.floor(rnd() * 4) : 5 + Math.floor(rnd() * 200))));
      }
    }
    const values = buildTotals(rows, leaves);
    const states = suppressGrid({ rows, values, columns: 'sum', rollup: 'sum' });
    const { table, flatState } = flatten({ rows, values, columns: 'sum', rollup: 'sum' }, states);
    expect(disclosedCells(table, flatState)).toEqual([]);
    expect(states[0]!.every((s) => s === 'shown')).toBe(true);
    // 2–4 s of CPU (the derivation check over 14,000 cells): room for a machine running other suites.
  }, 30_000);
});

// ---- helpers ----

/** An r × c table with row totals, column totals and a grand total, as cells and lines. */
function crossTable(grid: number[][]) {
  const rows = grid.length;
  const cols = grid[0]!.length;
  const full = [...grid.map((r) => [...r, r.reduce((a, b) => a + b, 0)])];
  full.push(Array.from({ length: cols + 1 }, (_, c) => full.reduce((a, r) => a + r[c]!, 0)));
  const width = cols + 1;
  const cell = (r: number, c: number) => r * width + c;
  const lines: Line[] = [];
  for (let r = 0; r <= rows; r++) lines.push({ total: cell(r, cols), parts: Array.from({ length: cols }, (_, c) => cell(r, c)) });
  for (let c = 0; c <= cols; c++) lines.push({ total: cell(rows, c), parts: Array.from({ length: rows }, (_, r) => cell(r, c)) });
  return { table: { values: full.flat(), lines }, cell };
}

/** The same lines suppressGrid builds, for the independent reader. */
function flatten(grid: Grid, states: CellState[][]) {
  const width = grid.values[0]!.length;
  const at = (r: number, c: number) => r * width + c;
  const lines: Line[] = [];
  grid.rows.forEach((_, r) => lines.push({ total: at(r, width - 1), parts: Array.from({ length: width - 1 }, (_, c) => at(r, c)), kind: grid.columns }));
  const groups = new Map<string, number[]>();
  grid.rows.forEach((row, r) => {
    if (row.parent === null) return;
    const k = `${row.parent}|${row.hierarchy ?? ''}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  });
  for (const [k, kids] of groups) {
    const p = grid.rows.findIndex((row) => row.key === k.split('|')[0]);
    for (let c = 0; c < width; c++) lines.push({ total: at(p, c), parts: kids.map((kid) => at(kid, c)), kind: grid.rollup });
  }
  return { table: { values: grid.values.flat(), lines }, flatState: states.flat() };
}

/** A parent row over the given leaf rows, every row with its total. */
function twoLevel(leaves: number[][]): Grid {
  const rows = [{ key: 'root', parent: null }, ...leaves.map((_, i) => ({ key: `c${i}`, parent: 'root' }))];
  return { rows, values: buildTotals(rows, leaves), columns: 'sum', rollup: 'sum' };
}

/** Fills in every non-leaf row as the sum of its children, and a total column. */
function buildTotals(rows: readonly { key: string; parent: string | null }[], leaves: number[][]): number[][] {
  const kids = new Map<string, number[]>();
  rows.forEach((r, i) => { if (r.parent) kids.set(r.parent, [...(kids.get(r.parent) ?? []), i]); });
  const out: number[][] = new Array(rows.length);
  let leaf = 0;
  const leafOf = new Map<number, number[]>();
  rows.forEach((r, i) => { if (!kids.has(r.key)) leafOf.set(i, leaves[leaf++]!); });
  const compute = (i: number): number[] => {
    if (out[i]) return out[i]!;
    const own = leafOf.get(i);
    const parts = own ?? kids.get(rows[i]!.key)!.map(compute).reduce((acc, r) => acc.map((v, c) => v + r[c]!), new Array(leaves[0]!.length + 1).fill(0));
    const withTotal = own ? [...parts, parts.reduce((a, b) => a + b, 0)] : parts;
    out[i] = withTotal;
    return withTotal;
  };
  return rows.map((_, i) => compute(i));
}
