/**
 * Which cells of a group of measures the pilot report publishes, as one cube for a year (its
 * quarters and months), ready for `suppressCube`. Kept beside the suppression rule rather than
 * in the API so that what the report publishes and what is suppressed are declared once, and
 * a property test can check the two together without a database.
 */
import { periodsOfYear, type ReportGroup } from './reports.ts';
import type { Cube, CubeRow } from './suppression.ts';

export interface GroupCubeInput {
  year: number;
  /** Today (ISO date): a count at a period's end does not exist before the period begins. */
  today: string;
  /** The roll-up's rows: `m` the pilot, `p:` providers, `u:` units, `o:` oblasts, `h:` hromadas. */
  rows: readonly CubeRow[];
  /** The group's columns as counted (dims), the total (`''`) last when the group has one. */
  dims: readonly string[];
  count(period: string, row: string, dim: string): number;
}

/**
 * Months are counted and published down to providers and oblasts only (the trend lines and a
 * month's view); below them a unit's or a hromada's month would be a few people at most, and
 * would multiply the counts stored at national scale. Quarters and years go down to every row.
 */
export const publishedMonthly = (row: string) => !/^[uh]:/.test(row);

/**
 * Every cell every view publishes is in the cube: each period kind (months too), each row a
 * period is published for, each column and the total. A cell left out would be published without a
 * say from the suppression (issue 22: months carried only the top rows' totals, and their
 * columns and units showed 1 to 4); with them in, a month, its quarter and its year are
 * suppressed together, so no small month comes back as the quarter less the other months.
 */
export function groupCube(group: ReportGroup, input: GroupCubeInput): Cube {
  const { dims, rows, count } = input;
  const periods = periodsOfYear(input.year);
  const notBegun = new Set(periods.filter((p) => p.starts > input.today).map((p) => p.key));
  const months = new Set(periods.filter((p) => p.kind === 'month').map((p) => p.key));
  return {
    rows,
    periods: periods.map((p) => ({ key: p.key, parent: p.parent })),
    width: dims.length,
    columns: group.total ? 'sum' : 'none',
    rollup: 'sum',
    periodRollup: group.periods,
    value: (period, row, c) => {
      if (group.periods === 'last' && notBegun.has(period)) return null;
      if (months.has(period) && !publishedMonthly(row)) return null;
      return count(period, row, dims[c]!);
    },
  };
}
