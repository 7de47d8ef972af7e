/**
 * Small-cell suppression of aggregate reports. The ministry and the platform see counts of
 * people only as aggregates, and a count under the threshold (5) could point at a family: it is
 * published as "<5" (primary suppression). Hiding it alone is not enough when the reader can
 * subtract it back out of a total, the other cells of its row or column, or a roll-up level, so
 * further cells are hidden too (complementary suppression) until no small count can be derived.
 *
 * A table is a list of cell values and the lines that tie them together:
 * - `sum`: total = sum of parts (a row and its total, a parent level and its children);
 * - `union`: the total counts distinct people over parts that may overlap (a family under
 *   several categories, a person served by two providers): max(part) <= total <= sum(parts).
 *
 * The reader is assumed to know every published value, which cells are "<5" (1..threshold-1)
 * and which are hidden to protect them (0 or at least the threshold), and every line. The audit
 * below plays that reader in three ways and the suppression grows until all three fail:
 * 1. linear algebra: a hidden value that is a linear combination of published ones (the rank
 *    test, exact over the rationals for these 0/±1 systems, computed modulo a large prime);
 * 2. bounds: interval propagation through every line with the ranges above;
 * 3. exhaustive search, for connected groups of hidden cells small enough to enumerate: every
 *    assignment consistent with what is published; a small cell with one possible value is out.
 */

export const SMALL_CELL_THRESHOLD = 5;

/** `shown`: published; `small`: published as "<5"; `hidden`: hidden to protect a small cell. */
export type CellState = 'shown' | 'small' | 'hidden';

export interface Line {
  total: number;
  parts: readonly number[];
  kind?: 'sum' | 'union';
}

export interface SuppressionTable {
  /** Non-negative integer counts; lines refer to them by index. */
  values: readonly number[];
  lines: readonly Line[];
}

export interface SuppressionOptions { threshold?: number }

/** The label a small count is published under. */
export const smallLabel = (threshold = SMALL_CELL_THRESHOLD) => `<${threshold}`;

/** Suppresses a table: small counts, then whatever else would let them be derived. */
export function suppress(table: SuppressionTable, options: SuppressionOptions = {}): CellState[] {
  const threshold = options.threshold ?? SMALL_CELL_THRESHOLD;
  assertConsistent(table);
  return suppressPart(table, threshold, primaryStates(table, threshold), new Map()).state;
}

/**
 * Counts of 1 to threshold-1 are small; so are the zeros among the parts of a small total: a
 * breakdown of "<5" is "<5" throughout, or four parts of "<5" shown as "<5" next to zeros would
 * each be 1 (at least one each, at most four together).
 */
function primaryStates({ values, lines }: SuppressionTable, threshold: number): CellState[] {
  const isSmall = (v: number) => v > 0 && v < threshold;
  const state: CellState[] = values.map((v) => (isSmall(v) ? 'small' : 'shown'));
  for (const line of lines) {
    if (isSmall(values[line.total]!)) for (const c of line.parts) if (values[c] === 0) state[c] = 'small';
  }
  return state;
}

/** The "<5" cells a reader cannot tell from 0: the parts of a total that is itself "<5". */
function zeroable(lines: readonly Line[], state: readonly CellState[]): Set<number> {
  const out = new Set<number>();
  for (const line of lines) if (state[line.total] === 'small') for (const c of line.parts) if (state[c] === 'small') out.add(c);
  return out;
}

/**
 * Suppresses one part of a bigger table, starting from `start` (states only ever grow). The
 * `given` cells were decided in another part (a parent row's, in its own roll-up): a hidden one
 * protects a small cell there, so here it must not be derivable either; a shown one is hidden
 * only when nothing else in a line can protect a cell (`escalated`: the caller re-decides it).
 */
function suppressPart(table: SuppressionTable, threshold: number, start: readonly CellState[], given: ReadonlyMap<number, CellState>): { state: CellState[]; escalated: number[] } {
  const { values, lines } = table;
  const state = [...start];
  for (const [c, s] of given) state[c] = s;
  // Small counts (not the zeros shown as "<5") and the parent's cells that protect some.
  const guarded = (c: number) => (state[c] === 'small' && values[c]! > 0) || given.get(c) === 'hidden';
  const linesOf = indexLines(values.length, lines);

  // Ranges are cheap to check and find most of what needs hiding; linear algebra and search
  // run once they pass, on the groups of suppressed cells that changed since they last ran
  // (the others are as they were: still safe). The first full audit reads every group.
  let sinceFull: Set<number> | null = null;
  let sinceLast = new Set<number>();
  for (let full = false; ;) {
    const foreign = (c: number) => given.has(c);
    // A zero shown as "<5" is worth covering as a part under a published total of at least the
    // threshold (there a hidden neighbour leaves it 0..4); subtracting it to 0 would show where
    // the few people of its "<5" total are not. Under a total of 0 nothing can cover it.
    const lone = hideLoneCells(values, lines, state, foreign, (c, line) => !(state[c] === 'small' && values[c] === 0) || (line.total !== c && values[line.total]! >= threshold));
    for (const c of lone) { sinceFull?.add(c); sinceLast.add(c); }
    // No probing here: the cube's own loop probes the whole cube and every window once the parts
    // settle, and a part, read over every period, is where probing costs most.
    const disclosed = audit(table, state, threshold, guarded, full ? sinceFull : sinceLast, full, false);
    if (disclosed.length === 0) {
      if (full) break;
      full = true;
      continue;
    }
    const hidden = disclosed.flatMap((cell) => {
      const pick = hideNextTo(cell, values, lines, linesOf, state, (c) => given.has(c), threshold);
      return pick === null ? [] : [pick, cell];
    });
    // Everything around the disclosed cells is hidden already: nothing more can be done.
    if (hidden.length === 0) break;
    if (full) sinceFull = new Set();
    sinceLast = new Set(hidden);
    for (const c of hidden) sinceFull?.add(c);
    full = false;
  }
  const escalated = [...given].filter(([c, s]) => s === 'shown' && state[c] !== 'shown').map(([c]) => c);
  return { state, escalated };
}

/**
 * The small cells a reader could work out exactly from the published table (values of `shown`
 * cells, the states of the others, the lines). Empty for a well-suppressed table.
 */
export function disclosedCells(table: SuppressionTable, state: readonly CellState[], options: SuppressionOptions = {}): number[] {
  return audit(table, state, options.threshold ?? SMALL_CELL_THRESHOLD, (c) => state[c] === 'small' && table.values[c]! > 0, null, true, true, false);
}

/**
 * The reader's attacks, group by group (suppressed cells joined by lines: a group's cells cannot
 * be learnt from another's), on the groups holding a `guarded` cell (a small one, or one that
 * protects a small cell elsewhere) and, when `touched` is given, one of those cells: ranges
 * always, linear algebra and exhaustive search when `full`. Returns the guarded cells derived.
 */
function audit(table: SuppressionTable, state: readonly CellState[], threshold: number, guarded: (c: number) => boolean, touched: ReadonlySet<number> | null, full: boolean, probe = true, witnesses = true): number[] {
  const { values, lines } = table;
  const bounds = initialBounds(values, state, threshold, zeroable(lines, state));
  const out = new Set<number>();
  for (const group of connectedGroups(values, lines, state)) {
    if (!group.cells.some(guarded)) continue;
    if (touched && !group.cells.some((c) => touched.has(c))) continue;
    const groupLines = group.lines.map((i) => lines[i]!);
    // The fast path: a guarded cell with a second value the reader cannot rule out is safe from
    // every attack below (each is sound: it keeps every value consistent with what is published).
    // A group whose guarded cells all have one is done; any other gets the full audit. (Ranges
    // alone are cheaper than the witnesses: only the full audit takes the fast path.)
    if (full && witnesses && allWitnessed(group.cells, groupLines, values, state, bounds, threshold, guarded)) continue;
    propagateBounds(groupLines, bounds, state, threshold);
    if (full && probe) probeGroup(group.cells, groupLines, bounds, state, threshold, values);
    for (const c of group.cells) if (guarded(c) && bounds.lo[c] === bounds.hi[c]) out.add(c);
    if (!full) continue;
    for (const c of linearlyDetermined(groupLines, state)) if (guarded(c)) out.add(c);
    for (const c of exhaustiveSearch(group.cells, groupLines, values, state, bounds, threshold, guarded)) out.add(c);
  }
  return [...out].sort((a, b) => a - b);
}

/** Throws on a table whose lines do not hold: a report bug, never something to publish. */
function assertConsistent({ values, lines }: SuppressionTable) {
  for (const v of values) {
    if (!Number.isInteger(v) || v < 0) throw new Error(`suppression: counts must be non-negative integers, got ${v}`);
  }
  for (const line of lines) {
    const at = (i: number) => {
      const v = values[i];
      if (v === undefined) throw new Error(`suppression: line refers to cell ${i}, which does not exist`);
      return v;
    };
    const total = at(line.total);
    const parts = line.parts.map(at);
    const sum = parts.reduce((a, b) => a + b, 0);
    const ok = (line.kind ?? 'sum') === 'sum' ? total === sum : total <= sum && parts.every((p) => p <= total);
    if (!ok) throw new Error(`suppression: line with total cell ${line.total} does not hold (${total} vs parts ${parts.join('+')})`);
  }
}

function indexLines(size: number, lines: readonly Line[]): number[][] {
  const linesOf: number[][] = Array.from({ length: size }, () => []);
  lines.forEach((line, li) => {
    for (const c of [line.total, ...line.parts]) linesOf[c]!.push(li);
  });
  return linesOf;
}

const members = (line: Line) => [line.total, ...line.parts];
const suppressed = (s: CellState | undefined) => s === 'small' || s === 'hidden';

/**
 * A sum line with exactly one suppressed cell gives it away by subtraction: hide a neighbour
 * (where `worthCover` says the cell is worth it in that line).
 */
function hideLoneCells(values: readonly number[], lines: readonly Line[], state: CellState[], foreign: (c: number) => boolean, worthCover: (c: number, line: Line) => boolean): number[] {
  const hidden: number[] = [];
  for (let changed = true; changed;) {
    changed = false;
    for (const line of lines) {
      if ((line.kind ?? 'sum') !== 'sum') continue;
      const cells = members(line);
      const lone = cells.filter((c) => suppressed(state[c]));
      if (lone.length !== 1 || !worthCover(lone[0]!, line)) continue;
      const pick = bestCandidate(cells, values, state, foreign);
      if (pick !== null) {
        state[pick] = 'hidden';
        hidden.push(pick);
        changed = true;
      }
    }
  }
  return hidden;
}

/**
 * The published cell to hide next among `cells`: one of this part before a `foreign` one
 * (decided in another part: a parent's total), one of at least the threshold if there is one (a
 * hidden zero protects nothing a reader can rule out), the smallest first (least information
 * lost), parts before totals, then by position so the result is deterministic.
 */
function bestCandidate(cells: Iterable<number>, values: readonly number[], state: readonly CellState[], foreign: (c: number) => boolean, totals?: ReadonlySet<number>): number | null {
  let best: number | null = null;
  const rank = (c: number) => [foreign(c) ? 1 : 0, values[c] === 0 ? 1 : 0, values[c]!, totals?.has(c) ? 1 : 0, c];
  for (const c of cells) {
    if (state[c] !== 'shown') continue;
    if (best === null || lessThan(rank(c), rank(best))) best = c;
  }
  return best;
}

function lessThan(a: number[], b: number[]) {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

/**
 * Hides one more published cell next to a disclosed one: in the lines through it, or, when
 * those are hidden entirely, in the lines through the suppressed cells next to it (a few steps
 * out). A zero is worth hiding only in a line whose total is at least the threshold: under a
 * smaller total a reader knows it is still 0; one is hidden only when nothing else is near.
 */
function hideNextTo(cell: number, values: readonly number[], lines: readonly Line[], linesOf: readonly number[][], state: CellState[], foreign: (c: number) => boolean, threshold: number): number | null {
  const seen = new Set<number>([cell]);
  let frontier = [cell];
  let fallback: number | null = null;
  for (let step = 0; step < 3 && frontier.length; step++) {
    const useful = new Set<number>();
    const near = new Set<number>();
    const totals = new Set<number>();
    for (const li of new Set(frontier.flatMap((c) => linesOf[c]!))) {
      const line = lines[li]!;
      totals.add(line.total);
      const roomy = values[line.total]! >= threshold;
      for (const c of members(line)) {
        near.add(c);
        if (roomy || values[c] !== 0) useful.add(c);
      }
    }
    const pick = bestCandidate(useful, values, state, foreign, totals);
    if (pick !== null) {
      state[pick] = 'hidden';
      return pick;
    }
    fallback ??= bestCandidate(near, values, state, foreign, totals);
    frontier = [...near].filter((c) => !seen.has(c));
    for (const c of frontier) seen.add(c);
  }
  if (fallback !== null) state[fallback] = 'hidden';
  return fallback;
}

/**
 * The last resort when nothing next to a disclosed cell is published: the smallest published
 * cell in any line of the group of suppressed cells it belongs to (fail-closed: at worst the
 * whole group hides). Null when every line of the group is suppressed throughout.
 */
function hideInGroup(cell: number, { values, lines }: SuppressionTable, linesOf: readonly number[][], state: CellState[], foreign: (c: number) => boolean): number | null {
  const seen = new Set<number>([cell]);
  const seenLines = new Set<number>();
  const near = new Set<number>();
  for (let queue = [cell], at = 0; at < queue.length; at++) {
    for (const li of linesOf[queue[at]!]!) {
      if (seenLines.has(li)) continue;
      seenLines.add(li);
      for (const c of members(lines[li]!)) {
        if (!suppressed(state[c])) { near.add(c); continue; }
        if (!seen.has(c)) { seen.add(c); queue.push(c); }
      }
    }
  }
  const pick = bestCandidate(near, values, state, foreign);
  if (pick !== null) state[pick] = 'hidden';
  return pick;
}

// ---- the reader's attacks ----------------------------------------------------------------

interface Bounds { lo: number[]; hi: number[] }

/**
 * What a reader knows of each cell before reasoning: the value, 1..threshold-1 (0 too where a
 * zero may be shown as "<5"), or 0 or more.
 *
 * A zero shown as "<5" always may be 0, even where the table at hand does not hold the "<5"
 * total it breaks down (a view without the period or the level above it): the reader knows the
 * rule, and a range that left out the true value would make the reader's picture impossible,
 * in which every count looks "pinned" to something (often to a wrong value). Every other "<5"
 * is 1..threshold-1 unless the table itself shows it under a "<5" total: a reader at least as
 * strong as any real one, whose picture always holds the truth.
 */
function initialBounds(values: readonly number[], state: readonly CellState[], threshold: number, zeroable: ReadonlySet<number>): Bounds {
  const lo = new Array<number>(values.length);
  const hi = new Array<number>(values.length);
  values.forEach((v, i) => {
    const s = state[i];
    if (s === 'small') { lo[i] = zeroable.has(i) || v === 0 ? 0 : 1; hi[i] = threshold - 1; }
    else if (s === 'hidden') { lo[i] = 0; hi[i] = Infinity; }
    else { lo[i] = v; hi[i] = v; }
  });
  return { lo, hi };
}

/** Narrows the ranges of a group's cells through its lines, until nothing changes. */
function propagateBounds(relevant: readonly Line[], { lo, hi }: Bounds, state: readonly CellState[], threshold: number) {
  // A hidden cell is 0 or at least the threshold: a range inside 1..threshold-1 snaps outward.
  const narrow = (i: number, l: number, h: number): boolean => {
    let nl = Math.max(lo[i]!, l);
    let nh = Math.min(hi[i]!, h);
    if (state[i] === 'hidden') {
      if (nl >= 1 && nl < threshold) nl = threshold;
      if (nh >= 1 && nh < threshold) nh = 0;
    }
    if (nl > nh) return false; // impossible only if the published data were inconsistent
    const changed = nl !== lo[i] || nh !== hi[i];
    lo[i] = nl;
    hi[i] = nh;
    return changed;
  };
  for (let round = 0, changed = true; changed && round < 100; round++) {
    changed = false;
    for (const line of relevant) {
      const parts = line.parts;
      const sumLo = parts.reduce((a, c) => a + lo[c]!, 0);
      const unbounded = parts.filter((c) => hi[c] === Infinity).length;
      const finiteHi = parts.reduce((a, c) => (hi[c] === Infinity ? a : a + hi[c]!), 0);
      const sumHi = unbounded ? Infinity : finiteHi;
      // The largest the other parts can add up to (infinite while another part is unbounded).
      const othersHi = (c: number) => (unbounded - (hi[c] === Infinity ? 1 : 0) > 0 ? Infinity : finiteHi - (hi[c] === Infinity ? 0 : hi[c]!));
      const t = line.total;
      if ((line.kind ?? 'sum') === 'sum') {
        if (narrow(t, sumLo, sumHi)) changed = true;
        for (const c of parts) {
          const l = lo[t]! - othersHi(c);
          const h = hi[t]! - (sumLo - lo[c]!);
          if (narrow(c, Math.max(0, l), h)) changed = true;
        }
      } else {
        const maxLo = parts.reduce((a, c) => Math.max(a, lo[c]!), 0);
        if (narrow(t, maxLo, sumHi)) changed = true;
        for (const c of parts) {
          const l = lo[t]! - othersHi(c);
          if (narrow(c, Math.max(0, l), hi[t]!)) changed = true;
        }
      }
    }
  }
}

/** How many line visits one probe may make before it is taken as consistent (it proves nothing then). */
const PROBE_BUDGET = 60;

/**
 * Probing (the reader's trial and error): each "<5" cell of a group is given the values it may
 * have other than its own, and the ranges are propagated through the group's lines from there
 * (an "x" is 0 or at least the threshold at every step); a value that contradicts a line is
 * ruled out, and the cell's range narrows to what is left, for every cell after it. This is
 * where "a hidden cell is 0 or at least 5" meets several cells at once: in 6 = x + x + "<5"
 * neither "x" has a range of one value, but "<5" = 2 leaves the two "x" 4 together, which
 * neither 0 nor 5 can make, so the "<5" is 1. Sound: a value is ruled out only by a
 * contradiction; a probe that runs out of budget (a few dozen lines) rules out nothing.
 */
function probeGroup(cells: readonly number[], groupLines: readonly Line[], bounds: Bounds, state: readonly CellState[], threshold: number, values: readonly number[]) {
  const { lo, hi } = bounds;
  const linesOf = new Map<number, number[]>();
  groupLines.forEach((line, li) => {
    for (const c of members(line)) {
      if (!suppressed(state[c])) continue;
      let l = linesOf.get(c);
      if (!l) linesOf.set(c, (l = []));
      l.push(li);
    }
  });
  const trail: [number, number, number][] = [];
  /** Narrows a cell's range; false on a contradiction. */
  const narrow = (i: number, l: number, h: number, changed: number[]): boolean => {
    let nl = Math.max(lo[i]!, l);
    let nh = Math.min(hi[i]!, h);
    if (state[i] === 'hidden') {
      if (nl >= 1 && nl < threshold) nl = threshold;
      if (nh >= 1 && nh < threshold) nh = 0;
    }
    if (nl > nh) return false;
    if (nl === lo[i] && nh === hi[i]) return true;
    trail.push([i, lo[i]!, hi[i]!]);
    lo[i] = nl;
    hi[i] = nh;
    changed.push(i);
    return true;
  };
  /** Applies one line; the cells it narrowed go to `changed`; false on a contradiction. */
  const apply = (line: Line, changed: number[]): boolean => {
    const parts = line.parts;
    let sumLo = 0;
    let unbounded = 0;
    let finiteHi = 0;
    for (const c of parts) {
      sumLo += lo[c]!;
      if (hi[c] === Infinity) unbounded++; else finiteHi += hi[c]!;
    }
    const sumHi = unbounded ? Infinity : finiteHi;
    const othersHi = (c: number) => (unbounded - (hi[c] === Infinity ? 1 : 0) > 0 ? Infinity : finiteHi - (hi[c] === Infinity ? 0 : hi[c]!));
    const t = line.total;
    if ((line.kind ?? 'sum') === 'sum') {
      if (!narrow(t, sumLo, sumHi, changed)) return false;
      for (const c of parts) if (!narrow(c, Math.max(0, lo[t]! - othersHi(c)), hi[t]! - (sumLo - lo[c]!), changed)) return false;
    } else {
      let maxLo = 0;
      for (const c of parts) maxLo = Math.max(maxLo, lo[c]!);
      if (!narrow(t, maxLo, sumHi, changed)) return false;
      for (const c of parts) if (!narrow(c, Math.max(0, lo[t]! - othersHi(c)), hi[t]!, changed)) return false;
    }
    return true;
  };
  /** Propagates from a cell whose range changed; false on a contradiction, true if none was found. */
  const propagate = (from: number): boolean => {
    const queue = [...(linesOf.get(from) ?? [])];
    const queued = new Set(queue);
    for (let at = 0; at < queue.length; at++) {
      if (at > PROBE_BUDGET) return true;
      const li = queue[at]!;
      queued.delete(li);
      const changed: number[] = [];
      if (!apply(groupLines[li]!, changed)) return false;
      for (const c of changed) for (const next of linesOf.get(c) ?? []) if (!queued.has(next)) { queued.add(next); queue.push(next); }
    }
    return true;
  };
  const undo = (mark: number) => {
    while (trail.length > mark) {
      const [i, l, h] = trail.pop()!;
      lo[i] = l;
      hi[i] = h;
    }
  };
  /** Whether the cell may lie in l..h as far as propagation can tell. */
  const possible = (c: number, l: number, h: number): boolean => {
    const mark = trail.length;
    const changed: number[] = [];
    const ok = narrow(c, l, h, changed) && (changed.length === 0 || propagate(c));
    undo(mark);
    return ok;
  };
  // The "<5" cells. The true value is always possible (the reader's ranges hold it), so each
  // side of it is tried from the outside in, and the first possible value ends that side: one
  // probe a side for a cell that is not given away.
  const probed = cells.filter((c) => state[c] === 'small').sort((a, b) => a - b);
  for (let round = 0, narrowed = true; narrowed && round < 2; round++) {
    narrowed = false;
    for (const c of probed) {
      const t = values[c]!;
      if (lo[c] === hi[c] || t < lo[c]! || t > hi[c]! || !Number.isFinite(hi[c]!)) continue;
      let nl = t;
      for (let v = lo[c]!; v < t; v++) if (possible(c, v, v)) { nl = v; break; }
      let nh = t;
      for (let v = hi[c]!; v > t; v--) if (possible(c, v, v)) { nh = v; break; }
      if (nl === lo[c] && nh === hi[c]) continue;
      // Kept: the ranges the reader has from here on.
      const changed: number[] = [];
      if (narrow(c, nl, nh, changed) && changed.length > 0) {
        propagate(c);
        narrowed = true;
      }
    }
  }
  trail.length = 0;
}

/** How many steps the search for one witness may take, and how many cells it may change. */
const WITNESS_BUDGET = 300;
const WITNESS_DEPTH = 16;

/**
 * Whether every guarded cell of a group has a witness: another assignment of the group's
 * suppressed cells that the reader cannot tell from the truth (each in its initial range, a
 * hidden cell 0 or at least the threshold, every line of the group holding) and in which the
 * cell has another value. No sound attack (ranges, probing, linear algebra, exhaustive search)
 * can then pin the cell, so the audit of the group would find nothing. A witness is sought from
 * the truth: the cell moves by one (or a hidden one between 0 and the threshold), and each sum
 * line left unbalanced is closed by moving one more cell not moved yet, preferring cells that
 * close other open lines too (a cycle through the table), within a small budget. Every witness
 * found is checked line by line before it counts. False (a full audit) when any cell has none.
 *
 * `bounds` must be the reader's initial ranges for the group's cells (before any narrowing).
 */
function allWitnessed(cells: readonly number[], groupLines: readonly Line[], values: readonly number[], state: readonly CellState[], bounds: Bounds, threshold: number, guarded: (c: number) => boolean): boolean {
  const targets = cells.filter(guarded).sort((a, b) => a - b);
  if (targets.length === 0) return true;
  const { lo, hi } = bounds;
  const pos = new Map(cells.map((c, k) => [c, k]));
  const sums: { ks: number[]; coefs: number[] }[] = [];
  const linesOf: [number, number][][] = cells.map(() => []);
  for (const line of groupLines) {
    if ((line.kind ?? 'sum') !== 'sum') continue;
    const coef = new Map<number, number>();
    const add = (c: number, v: number) => {
      const k = pos.get(c);
      if (k !== undefined) coef.set(k, (coef.get(k) ?? 0) + v);
    };
    add(line.total, 1);
    for (const c of line.parts) add(c, -1);
    const ks = [...coef.keys()].filter((k) => coef.get(k) !== 0);
    if (ks.length === 0) continue;
    const li = sums.length;
    sums.push({ ks, coefs: ks.map((k) => coef.get(k)!) });
    for (const k of ks) linesOf[k]!.push([li, coef.get(k)!]);
  }
  const delta = new Float64Array(cells.length);
  const res = new Float64Array(sums.length);
  const open = new Set<number>();
  const fits = (k: number, d: number) => {
    const c = cells[k]!;
    const v = values[c]! + delta[k]! + d;
    if (v < lo[c]! || v > hi[c]! || !Number.isInteger(v)) return false;
    return state[c] !== 'hidden' || v === 0 || v >= threshold;
  };
  const shift = (k: number, d: number) => {
    delta[k] = delta[k]! + d;
    for (const [li, cf] of linesOf[k]!) {
      res[li] = res[li]! + cf * d;
      if (res[li] === 0) open.delete(li); else open.add(li);
    }
  };
  const valueOf = (c: number) => values[c]! + (pos.has(c) ? delta[pos.get(c)!]! : 0);
  /** Every line of the group, read with the moved values: the witness must be one the reader cannot rule out. */
  const holds = () => groupLines.every((line) => {
    const t = valueOf(line.total);
    let sum = 0;
    let max = 0;
    for (const c of line.parts) { const v = valueOf(c); sum += v; if (v > max) max = v; }
    return (line.kind ?? 'sum') === 'sum' ? t === sum : t <= sum && max <= t;
  }) && cells.every((c, k) => delta[k] === 0 || fits(k, 0));
  const moved: number[] = [];
  let steps = 0;
  const close = (depth: number): boolean => {
    if (open.size === 0) return holds();
    if (++steps > WITNESS_BUDGET || depth >= WITNESS_DEPTH) return false;
    // The open line with the fewest ways to close it.
    let best: [number, number, number][] | null = null;
    for (const li of open) {
      const { ks, coefs } = sums[li]!;
      const r = res[li]!;
      const ways: [number, number, number][] = [];
      for (let i = 0; i < ks.length; i++) {
        const k = ks[i]!;
        if (delta[k] !== 0) continue;
        const d = -r / coefs[i]!;
        if (!fits(k, d)) continue;
        let closes = 0;
        for (const [lj, cj] of linesOf[k]!) if (lj !== li && open.has(lj) && Math.abs(res[lj]! + cj * d) < Math.abs(res[lj]!)) closes++;
        ways.push([k, d, closes]);
      }
      if (best === null || ways.length < best.length) best = ways;
      if (ways.length === 0) return false;
    }
    best!.sort((a, b) => b[2] - a[2] || linesOf[a[0]]!.length - linesOf[b[0]]!.length || a[0] - b[0]);
    for (const [k, d] of best!) {
      shift(k, d);
      moved.push(k);
      if (close(depth + 1)) return true;
      moved.pop();
      shift(k, -d);
    }
    return false;
  };
  const done = new Set<number>();
  for (const c of targets) {
    if (done.has(c)) continue;
    const k = pos.get(c)!;
    const t = values[c]!;
    const tries = [1, -1, ...(state[c] === 'hidden' ? [threshold - t, -t] : [2, -2])];
    let found = false;
    for (const d of tries) {
      if (d === 0 || !fits(k, d)) continue;
      steps = 0;
      shift(k, d);
      moved.push(k);
      found = close(1);
      if (found) for (const m of moved) if (guarded(cells[m]!)) done.add(cells[m]!);
      while (moved.length) { const m = moved.pop()!; shift(m, -delta[m]!); }
      if (found) break;
    }
    if (!found) return false;
  }
  return true;
}

/** Modulus of the rank test: a prime under 2^26, so products stay exact in a double. */
const P = 67_108_859;
const mod = (a: number) => ((a % P) + P) % P;
function inverse(a: number): number {
  let [r0, r1, s0, s1] = [mod(a), P, 1, 0];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0);
}

/**
 * Suppressed cells whose value is a linear combination of published values: e_i lies in the
 * row space of the sum lines restricted to the suppressed cells. Sparse Gauss–Jordan
 * elimination; a reduced row with a single entry is such a cell.
 */
function linearlyDetermined(lines: readonly Line[], state: readonly CellState[]): number[] {
  const rows: Map<number, number>[] = [];
  const pivotRow = new Map<number, number>();
  const rowsWith = new Map<number, Set<number>>();
  const track = (ri: number, col: number, on: boolean) => {
    let set = rowsWith.get(col);
    if (!set) rowsWith.set(col, (set = new Set()));
    if (on) set.add(ri); else set.delete(ri);
  };
  // row -= factor * pivot, keeping the column index current (for rows already stored).
  const subtract = (row: Map<number, number>, factor: number, pivot: Map<number, number>, ri: number | null) => {
    for (const [col, v] of pivot) {
      const next = mod((row.get(col) ?? 0) - factor * v);
      if (next === 0) {
        row.delete(col);
        if (ri !== null) track(ri, col, false);
      } else {
        if (ri !== null && !row.has(col)) track(ri, col, true);
        row.set(col, next);
      }
    }
  };
  for (const line of lines) {
    if ((line.kind ?? 'sum') !== 'sum') continue;
    const row = new Map<number, number>();
    const add = (c: number, v: number) => {
      if (suppressed(state[c])) row.set(c, mod((row.get(c) ?? 0) + v));
    };
    add(line.total, 1);
    for (const c of line.parts) add(c, -1);
    for (const [c, v] of [...row]) if (v === 0) row.delete(c);
    if (row.size === 0) continue;
    for (const col of [...row.keys()]) {
      const pr = pivotRow.get(col);
      const f = row.get(col);
      if (pr !== undefined && f) subtract(row, f, rows[pr]!, null);
    }
    if (row.size === 0) continue;
    // Any column may lead (a fully reduced system has e_i as a row either way); the one in the
    // fewest stored rows makes the least work and fill-in.
    let pivot = -1;
    for (const c of row.keys()) {
      const uses = rowsWith.get(c)?.size ?? 0;
      if (pivot < 0 || uses < (rowsWith.get(pivot)?.size ?? 0) || (uses === (rowsWith.get(pivot)?.size ?? 0) && c < pivot)) pivot = c;
    }
    const inv = inverse(row.get(pivot)!);
    for (const [c, v] of row) row.set(c, mod(v * inv));
    const ri = rows.length;
    rows.push(row);
    pivotRow.set(pivot, ri);
    for (const c of row.keys()) track(ri, c, true);
    for (const other of [...(rowsWith.get(pivot) ?? [])]) {
      if (other === ri) continue;
      const f = rows[other]!.get(pivot)!;
      subtract(rows[other]!, f, row, other);
    }
  }
  return rows.filter((r) => r.size === 1).map((r) => [...r.keys()][0]!);
}

/** How many assignments the exhaustive search may try per group before giving up on it. */
const SEARCH_BUDGET = 200_000;

/**
 * When the group's ranges are finite and small, tries every assignment the published table
 * allows and reports the small cells left with a single value.
 */
function exhaustiveSearch(group: readonly number[], groupLines: readonly Line[], values: readonly number[], state: readonly CellState[], bounds: Bounds, threshold: number, guarded: (c: number) => boolean): number[] {
  const domains = group.map((c) => domainOf(c, state, bounds, threshold));
  if (domains.some((d) => d === null)) return [];
  // Fewest values first: the cells with wide ranges (a hidden count of 5 to 300) come last,
  // where a line they close gives their value rather than every value being tried.
  const order = group.map((_, i) => i).sort((a, b) => domains[a]!.length - domains[b]!.length || group[a]! - group[b]!);
  return searchGroup(order.map((i) => group[i]!), order.map((i) => domains[i]!), values, groupLines, guarded) ?? [];
}

function domainOf(c: number, state: readonly CellState[], { lo, hi }: Bounds, threshold: number): number[] | null {
  const l = lo[c]!;
  const h = hi[c]!;
  if (!Number.isFinite(h) || h - l > 400) return null;
  const d: number[] = [];
  for (let v = l; v <= h; v++) if (state[c] !== 'hidden' || v === 0 || v >= threshold) d.push(v);
  return d;
}

/** Suppressed cells joined by lines, with the lines that touch each group. */
function connectedGroups(values: readonly number[], lines: readonly Line[], state: readonly CellState[]): { cells: number[]; lines: number[] }[] {
  const parent = new Map<number, number>();
  values.forEach((_, i) => { if (suppressed(state[i])) parent.set(i, i); });
  const find = (c: number): number => {
    let r = c;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(c, r);
    return r;
  };
  const lineCell: number[] = [];
  lines.forEach((line, li) => {
    const hidden = members(line).filter((c) => suppressed(state[c]));
    lineCell[li] = hidden[0] ?? -1;
    for (let i = 1; i < hidden.length; i++) parent.set(find(hidden[i]!), find(hidden[0]!));
  });
  const groups = new Map<number, { cells: number[]; lines: number[] }>();
  const groupOf = (root: number) => {
    let g = groups.get(root);
    if (!g) groups.set(root, (g = { cells: [], lines: [] }));
    return g;
  };
  for (const c of parent.keys()) groupOf(find(c)).cells.push(c);
  lineCell.forEach((c, li) => { if (c >= 0) groupOf(find(c)).lines.push(li); });
  return [...groups.values()];
}

/** Guarded cells of the group with exactly one feasible value, or null if the budget ran out. */
function searchGroup(group: readonly number[], domains: readonly number[][], values: readonly number[], groupLines: readonly Line[], guarded: (c: number) => boolean): number[] | null {
  const pos = new Map(group.map((c, i) => [c, i]));
  // Each line is checked as soon as its last suppressed cell is assigned.
  const checkAt: Line[][] = group.map(() => []);
  for (const line of groupLines) {
    const last = Math.max(...members(line).filter((c) => pos.has(c)).map((c) => pos.get(c)!));
    checkAt[last]!.push(line);
  }
  const assigned: number[] = new Array(group.length).fill(0);
  // Each line read once: the published parts' sum and largest, the suppressed ones' positions.
  interface Compiled { kind: 'sum' | 'union'; total: number; fixedTotal: number; fixedSum: number; fixedMax: number; at: number[] }
  const compiled = new Map<Line, Compiled>();
  for (const line of groupLines) {
    let fixedSum = 0;
    let fixedMax = 0;
    const at: number[] = [];
    for (const c of line.parts) {
      const i = pos.get(c);
      if (i === undefined) { fixedSum += values[c]!; fixedMax = Math.max(fixedMax, values[c]!); } else at.push(i);
    }
    compiled.set(line, { kind: line.kind ?? 'sum', total: pos.get(line.total) ?? -1, fixedTotal: values[line.total]!, fixedSum, fixedMax, at });
  }
  const holds = (line: Line) => {
    const l = compiled.get(line)!;
    const t = l.total < 0 ? l.fixedTotal : assigned[l.total]!;
    let sum = l.fixedSum;
    let max = l.fixedMax;
    for (const i of l.at) { const v = assigned[i]!; sum += v; if (v > max) max = v; }
    return l.kind === 'sum' ? t === sum : t <= sum && max <= t;
  };
  // A sum line whose last cell is this one gives its only possible value.
  const fixer: (Compiled | null)[] = checkAt.map((lines) => {
    const line = lines.find((l) => (l.kind ?? 'sum') === 'sum');
    return line ? compiled.get(line)! : null;
  });
  const forced = (k: number) => {
    const l = fixer[k]!;
    let sum = l.fixedSum;
    for (const i of l.at) if (i !== k) sum += assigned[i]!;
    if (l.total === k) return sum;
    return (l.total < 0 ? l.fixedTotal : assigned[l.total]!) - sum;
  };
  const allowed = domains.map((d) => new Set(d));
  const size = domains.reduce((a, d, k) => (fixer[k] ? a : a * d.length), 1);
  if (size > SEARCH_BUDGET * 50) return null;
  const seen = group.map(() => new Set<number>());
  const smallIdx = group.map((c, i) => (guarded(c) ? i : -1)).filter((i) => i >= 0);
  let steps = 0;
  let settled = false;
  const visit = (k: number): boolean => {
    if (++steps > SEARCH_BUDGET) return false;
    if (k === group.length) {
      assigned.forEach((v, i) => seen[i]!.add(v));
      settled = smallIdx.every((i) => seen[i]!.size > 1);
      return true;
    }
    const tryValue = (v: number): boolean => {
      assigned[k] = v;
      if (checkAt[k]!.every(holds)) {
        if (!visit(k + 1)) return false;
      }
      return true;
    };
    if (fixer[k]) {
      const v = forced(k);
      return allowed[k]!.has(v) ? tryValue(v) : true;
    }
    for (const v of domains[k]!) {
      if (!tryValue(v)) return false;
      if (settled) return true;
    }
    return true;
  };
  if (!visit(0)) return null;
  return smallIdx.filter((i) => seen[i]!.size === 1).map((i) => group[i]!);
}

// ---- report cubes ---------------------------------------------------------------------------

/**
 * A report as a cube: rows at several levels of one or more hierarchies (ministry → provider →
 * unit and ministry → oblast → hromada, sharing the ministry row) × periods that nest (a year,
 * its quarters, their months) × columns, each row holding one count per column and its total
 * last. Every published slice of it is suppressed together, so a number hidden in one view
 * cannot come back from another: a parent level, a sibling, or the same cell over a longer or
 * shorter period.
 */
export interface CubeRow {
  key: string;
  parent: string | null;
  /** Rows sharing a parent form one roll-up per hierarchy (a ministry row over providers and over oblasts). */
  hierarchy?: string;
  /** How this row's children add up to it; the cube's `rollup` when not given. */
  children?: 'sum' | 'union';
}
export interface CubePeriod { key: string; parent: string | null }

export interface Cube {
  rows: readonly CubeRow[];
  periods: readonly CubePeriod[];
  /** Columns per row, the total included (last) unless `columns` is `none`. */
  width: number;
  /** The count of a cell, or null where the cube has no such cell (it is not published). */
  value(period: string, row: string, column: number): number | null;
  /**
   * `sum` when each counted thing falls in exactly one column (cases by outcome), `union` when
   * it can fall in several (the total counts each once), `none` when rows have no total.
   */
  columns: 'sum' | 'union' | 'none';
  /** How children add up to their parent row by default: `sum` (deliveries), `union` (distinct people). */
  rollup: 'sum' | 'union';
  /**
   * How shorter periods add up to longer ones: `sum` for events, `union` for people served,
   * `last` for a count taken at the period's end (a quarter's is its last month's, or its
   * latest one the cube has).
   */
  periodRollup: 'sum' | 'union' | 'last';
}

export interface SuppressedCube {
  /** The state of a cell, or undefined for a cell the cube does not have. */
  state(period: string, row: string, column: number): CellState | undefined;
}

/**
 * Suppresses a whole cube so that every level, hierarchy and period agrees, one roll-up at a
 * time from the top (the modular method of statistical offices). A row's cells are decided
 * with its siblings', under their parent's as already decided: a parent's hidden cell is
 * guarded there too (it protects a small count above, so the level below must not give it
 * back), and a parent's published cell is hidden only when nothing below can protect a small
 * count, which sends the parent's own roll-up round again. So a large total is not hidden for
 * the small counts under it, and each part stays small (the pilot and its providers, a
 * provider and its units, an oblast and its hromadas) however large the cube.
 */
export function suppressCube(cube: Cube, options: SuppressionOptions = {}): SuppressedCube {
  const threshold = options.threshold ?? SMALL_CELL_THRESHOLD;
  const { rows, periods, width } = cube;
  const key = (p: string, r: string, c: number) => `${p}\u0000${r}\u0000${c}`;
  const index = new Map<string, number>();
  const values: number[] = [];
  const rowOfCell: string[] = [];
  const cellsOf = new Map<string, number[]>();
  for (const r of rows) {
    const own: number[] = [];
    for (const p of periods) {
      for (let c = 0; c < width; c++) {
        const v = cube.value(p.key, r.key, c);
        if (v === null) continue;
        index.set(key(p.key, r.key, c), values.length);
        own.push(values.length);
        rowOfCell.push(r.key);
        values.push(v);
      }
    }
    cellsOf.set(r.key, own);
  }
  const cell = (p: string, r: string, c: number) => index.get(key(p, r, c));
  // A line is formed only where the cube has every one of its cells.
  const addLine = (to: Line[], total: number | undefined, parts: (number | undefined)[], kind: 'sum' | 'union') => {
    if (total === undefined || parts.length === 0 || parts.some((x) => x === undefined)) return;
    to.push({ total, parts: parts as number[], kind });
  };
  const rowByKey = new Map(rows.map((r) => [r.key, r]));
  const families = new Map<string, CubeRow[]>();
  for (const r of rows) {
    if (r.parent === null) continue;
    if (!rowByKey.has(r.parent)) throw new Error(`suppression: row ${r.key} has an unknown parent ${r.parent}`);
    const k = `${r.parent}\u0000${r.hierarchy ?? ''}`;
    families.set(k, [...(families.get(k) ?? []), r]);
  }
  const subPeriods = new Map<string, string[]>();
  for (const p of periods) if (p.parent !== null) subPeriods.set(p.parent, [...(subPeriods.get(p.parent) ?? []), p.key]);

  // A row's own lines: its total in each period, and its periods adding up.
  const rowLines = new Map<string, Line[]>();
  for (const r of rows) {
    const own: Line[] = [];
    for (const p of periods) {
      if (width > 1 && cube.columns !== 'none') addLine(own, cell(p.key, r.key, width - 1), range(width - 1).map((c) => cell(p.key, r.key, c)), cube.columns);
    }
    for (const [parent, subs] of subPeriods) {
      for (let c = 0; c < width; c++) {
        if (cube.periodRollup === 'last') {
          // The latest sub-period the cube has (the current quarter has no December yet).
          const last = [...subs].reverse().find((sp) => cell(sp, r.key, c) !== undefined);
          if (last) addLine(own, cell(parent, r.key, c), [cell(last, r.key, c)], 'sum');
        }
        else addLine(own, cell(parent, r.key, c), subs.map((sp) => cell(sp, r.key, c)), cube.periodRollup);
      }
    }
    rowLines.set(r.key, own);
  }

  // The parts: each top row alone, then each parent with its children in one hierarchy.
  interface Part { rows: string[]; parent: string | null; lines: Line[]; depth: number }
  const depthOf = (r: string): number => {
    let depth = 0;
    for (let at = rowByKey.get(r)!; at.parent !== null; at = rowByKey.get(at.parent)!) {
      if (++depth > rows.length) throw new Error(`suppression: row ${r} is its own ancestor`);
    }
    return depth;
  };
  const parts: Part[] = rows.filter((r) => r.parent === null).map((r) => ({ rows: [r.key], parent: null, lines: rowLines.get(r.key)!, depth: 0 }));
  const rollupLines: Line[] = [];
  for (const [k, kids] of families) {
    const parent = k.split('\u0000')[0]!;
    const lines: Line[] = [];
    const kind = rowByKey.get(parent)!.children ?? cube.rollup;
    for (const p of periods) {
      for (let c = 0; c < width; c++) addLine(lines, cell(p.key, parent, c), kids.map((kid) => cell(p.key, kid.key, c)), kind);
    }
    rollupLines.push(...lines);
    for (const kid of kids) lines.push(...rowLines.get(kid.key)!);
    lines.push(...rowLines.get(parent)!);
    parts.push({ rows: kids.map((kid) => kid.key), parent, lines, depth: depthOf(parent) + 1 });
  }
  assertConsistent({ values, lines: parts.flatMap((p) => p.lines) });
  const decidedIn = new Map<string, number>();
  const below = new Map<string, number[]>();
  parts.forEach((part, i) => {
    for (const r of part.rows) decidedIn.set(r, i);
    if (part.parent !== null) below.set(part.parent, [...(below.get(part.parent) ?? []), i]);
  });

  const whole: SuppressionTable = { values, lines: [...rollupLines, ...[...rowLines.values()].flat()] };
  const state = primaryStates(whole, threshold);
  /** Suppresses a part under the current states; returns the parts to run (again) because of it. */
  const run = (part: Part): number[] => {
    const decided = part.rows.flatMap((r) => cellsOf.get(r)!);
    const above = part.parent === null ? [] : cellsOf.get(part.parent)!;
    const cells = [...decided, ...above];
    const local = new Map(cells.map((c, i) => [c, i]));
    const table = { values: cells.map((c) => values[c]!), lines: part.lines.map((l) => ({ total: local.get(l.total)!, parts: l.parts.map((c) => local.get(c)!), kind: l.kind })) };
    const given = new Map(above.map((c) => [local.get(c)!, state[c]!]));
    const result = suppressPart(table, threshold, cells.map((c) => state[c]!), given);
    const changed = new Set<string>();
    decided.forEach((c, i) => {
      if (result.state[i] === state[c]) return;
      state[c] = result.state[i]!;
      changed.add(rowOfCell[c]!);
    });
    const again: number[] = [];
    for (const i of result.escalated) {
      state[cells[i]!] = 'hidden';
      changed.add(part.parent!);
      again.push(decidedIn.get(part.parent!)!);
    }
    return [...again, ...[...changed].flatMap((r) => below.get(r) ?? [])];
  };
  // Shallow parts first, so a part runs once its parent's cells are settled; states only grow,
  // so this ends.
  const next = new Set(parts.keys());
  const runParts = () => {
    while (next.size > 0) {
      let pick = -1;
      for (const i of next) if (pick < 0 || parts[i]!.depth < parts[pick]!.depth || (parts[i]!.depth === parts[pick]!.depth && i < pick)) pick = i;
      next.delete(pick);
      for (const i of run(parts[pick]!)) next.add(i);
    }
  };
  // The reader has the whole cube, not one part at a time: ranges narrowed in one part can pin
  // a small count in another (a provider's hidden cell bounded by the pilot's row and by its
  // units'). Ranges over the whole cube find those; each is protected within its own part
  // first (its siblings and its row, not the totals above), and the parts run again.
  // Ranges first (cheap); once they find nothing, linear algebra and search over the whole
  // cube too: a group of hidden cells can span parts (a hromada's month held by its oblast's
  // row above and by its own quarter beside it) and give a count away only read as one.
  const linesOfWhole = indexLines(values.length, whole.lines);
  const guardedCell = (c: number) => state[c] === 'small' && values[c]! > 0;

  // The windows a reader may hold one at a time: a view (a row and its children in one
  // hierarchy, or a row alone if it has none) over a period and its sub-periods, or over a
  // month. Read alone, a window can say more than the whole cube: a "<5" under a "<5" total
  // may be 0 (ADR 11), but a reader who holds only the window without that total takes it
  // for 1 to 4, and may be right. So each window is audited as its own table too.
  const rowSets: string[][] = [...families.entries()].map(([k, kids]) => [k.split('\u0000')[0]!, ...kids.map((kid) => kid.key)]);
  const parents = new Set(rowSets.map((set) => set[0]!));
  for (const r of rows) if (!parents.has(r.key)) rowSets.push([r.key]);
  const periodSets: string[][] = [];
  for (const p of periods) {
    const subs = subPeriods.get(p.key);
    periodSets.push(subs ? [p.key, ...subs] : [p.key]);
  }
  const windows: number[][] = [];
  const windowsOf: number[][] = values.map(() => []);
  for (const rs of rowSets) {
    for (const ps of periodSets) {
      const w: number[] = [];
      for (const r of rs) for (const p of ps) for (let c = 0; c < width; c++) {
        const i = cell(p, r, c);
        if (i !== undefined) w.push(i);
      }
      if (w.length === 0) continue;
      w.sort((a, b) => a - b);
      for (const i of w) windowsOf[i]!.push(windows.length);
      windows.push(w);
    }
  }
  /** A window as a table of its own: its cells and the lines wholly inside it. */
  const windowTable = (w: readonly number[]) => {
    const local = new Map(w.map((c, i) => [c, i]));
    const lineIds = new Set<number>();
    for (const c of w) for (const li of linesOfWhole[c]!) lineIds.add(li);
    const lines: Line[] = [];
    for (const li of [...lineIds].sort((a, b) => a - b)) {
      const line = whole.lines[li]!;
      if (!members(line).every((x) => local.has(x))) continue;
      lines.push({ total: local.get(line.total)!, parts: line.parts.map((x) => local.get(x)!), kind: line.kind });
    }
    return { table: { values: w.map((c) => values[c]!), lines } };
  };
  /** Hides a published cell so the disclosed one is protected in the table; null if all are hidden already. */
  const protect = (c: number, table: SuppressionTable, cells: readonly number[] | null, at: number, st: CellState[]): number | null => {
    const own = decidedIn.get(rowOfCell[c]!)!;
    const global = (x: number) => (cells ? cells[x]! : x);
    const outside = (x: number) => decidedIn.get(rowOfCell[global(x)]!) !== own;
    const linesOf = cells ? indexLines(table.values.length, table.lines) : linesOfWhole;
    const pick = hideNextTo(at, table.values, table.lines, linesOf, st, outside, threshold) ?? hideInGroup(at, table, linesOf, st, outside);
    return pick === null ? null : global(pick);
  };

  // Fail-closed: until neither the whole cube nor any window gives a small count away, hide one
  // more published cell next to each that is given away (in its own part first) and let the
  // parts settle again. States only grow, so this ends, at worst with a whole group hidden.
  // After the first round only the groups and windows with a changed cell are read again.
  let dirty: Set<number> | null = null;
  const disclosedIn = new Map<number, number[]>();
  for (;;) {
    const before = state.slice();
    runParts();
    if (dirty) state.forEach((s, i) => { if (s !== before[i]) dirty!.add(i); });
    const hides: number[] = [];
    for (const c of audit(whole, state, threshold, guardedCell, dirty, true)) {
      const pick = protect(c, whole, null, c, state);
      if (pick !== null) hides.push(pick);
    }
    const toRead = dirty ? [...new Set([...dirty].flatMap((c) => windowsOf[c]!))].sort((a, b) => a - b) : windows.map((_, i) => i);
    for (const wi of toRead) {
      const w = windows[wi]!;
      if (!w.some(guardedCell)) continue;
      const { table } = windowTable(w);
      const st = w.map((c) => state[c]!);
      // After the first round only the window's groups with a changed cell are read again: the
      // others have the same cells, lines and states as when they were found safe.
      // A group that gave a count away last time is read again even if the cell hidden for it
      // fell outside it (so the loop stays fail-closed).
      const changedHere = dirty ? new Set(w.flatMap((c, i) => (dirty!.has(c) ? [i] : []))) : null;
      for (const at of disclosedIn.get(wi) ?? []) changedHere?.add(at);
      const found = audit(table, st, threshold, (i) => guardedCell(w[i]!), changedHere, true);
      disclosedIn.set(wi, found);
      for (const at of found) {
        const pick = protect(w[at]!, table, w, at, st);
        if (pick !== null) { state[pick] = 'hidden'; hides.push(pick); }
      }
    }
    if (hides.length === 0) break;
    dirty = new Set();
    for (const c of hides) {
      state[c] = 'hidden';
      dirty.add(c);
      next.add(decidedIn.get(rowOfCell[c]!)!);
      for (const i of below.get(rowOfCell[c]!) ?? []) next.add(i);
    }
    for (let i = 0; i < state.length; i++) if (state[i] !== before[i]) dirty.add(i);
  }
  return { state: (p, r, c) => { const i = cell(p, r, c); return i === undefined ? undefined : state[i]; } };
}

/** A cube of one period: rows × columns (a count per column, then the total). */
export interface Grid {
  rows: readonly CubeRow[];
  /** One array per row: a count per column, then the row's total. */
  values: readonly (readonly number[])[];
  columns: 'sum' | 'union';
  rollup: 'sum' | 'union';
}

/** Suppresses a grid of one period (see suppressCube). */
export function suppressGrid(grid: Grid, options: SuppressionOptions = {}): CellState[][] {
  const width = grid.values[0]?.length ?? 0;
  grid.values.forEach((row, r) => {
    if (row.length !== width) throw new Error(`suppression: row ${grid.rows[r]?.key} has ${row.length} cells, expected ${width}`);
  });
  const at = new Map(grid.rows.map((r, i) => [r.key, i]));
  const cube = suppressCube({
    rows: grid.rows, periods: [{ key: '', parent: null }], width, columns: grid.columns, rollup: grid.rollup, periodRollup: 'sum',
    value: (_p, r, c) => grid.values[at.get(r)!]![c]!,
  }, options);
  return grid.rows.map((r) => range(width).map((c) => cube.state('', r.key, c)!));
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * A cube as its reader sees it, for `disclosedCells`: every cell it has and every relation
 * between them (a row and its total, a parent row and its children in each hierarchy, a period
 * and its sub-periods). Built apart from `suppressCube`, which works part by part, so the check
 * reads the whole cube at once and does not share the suppression's view of it.
 */
export function cubeTable(cube: Cube): { table: SuppressionTable; cell(period: string, row: string, column: number): number | undefined } {
  const index = new Map<string, number>();
  const values: number[] = [];
  const key = (p: string, r: string, c: number) => `${p}\u0000${r}\u0000${c}`;
  for (const p of cube.periods) {
    for (const r of cube.rows) {
      for (let c = 0; c < cube.width; c++) {
        const v = cube.value(p.key, r.key, c);
        if (v === null) continue;
        index.set(key(p.key, r.key, c), values.length);
        values.push(v);
      }
    }
  }
  const cell = (p: string, r: string, c: number) => index.get(key(p, r, c));
  const lines: Line[] = [];
  const add = (total: number | undefined, parts: (number | undefined)[], kind: 'sum' | 'union') => {
    if (total !== undefined && parts.length > 0 && parts.every((x) => x !== undefined)) lines.push({ total, parts: parts as number[], kind });
  };
  const subs = (of: string) => cube.periods.filter((p) => p.parent === of).map((p) => p.key);
  for (const p of cube.periods) {
    for (const r of cube.rows) {
      if (cube.columns !== 'none' && cube.width > 1) add(cell(p.key, r.key, cube.width - 1), range(cube.width - 1).map((c) => cell(p.key, r.key, c)), cube.columns);
      const kids = subs(p.key);
      if (kids.length === 0) continue;
      for (let c = 0; c < cube.width; c++) {
        if (cube.periodRollup !== 'last') { add(cell(p.key, r.key, c), kids.map((k) => cell(k, r.key, c)), cube.periodRollup); continue; }
        const last = [...kids].reverse().find((k) => cell(k, r.key, c) !== undefined);
        if (last !== undefined) add(cell(p.key, r.key, c), [cell(last, r.key, c)], 'sum');
      }
    }
  }
  for (const parent of cube.rows) {
    const byHierarchy = new Map<string, string[]>();
    for (const r of cube.rows) if (r.parent === parent.key) byHierarchy.set(r.hierarchy ?? '', [...(byHierarchy.get(r.hierarchy ?? '') ?? []), r.key]);
    for (const kids of byHierarchy.values()) {
      for (const p of cube.periods) {
        for (let c = 0; c < cube.width; c++) add(cell(p.key, parent.key, c), kids.map((k) => cell(p.key, k, c)), parent.children ?? cube.rollup);
      }
    }
  }
  return { table: { values, lines }, cell };
}
