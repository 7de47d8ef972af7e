/**
 * The pilot report (domain.md: the ministry watches the whole pilot across providers and
 * units, aggregates only): its periods, its groups of measures and how each adds up, and the
 * service-target statistics. Pure: the API computes the counts and suppresses them with
 * `suppressCube` according to what is declared here.
 */
import { CASE_CATEGORIES, CLOSURE_OUTCOMES } from './cases.ts';
import { SLA_TARGETS } from './calendar.ts';

// ---- periods ----
export type PeriodKind = 'year' | 'quarter' | 'month';
export interface ReportPeriod {
  /** `2026`, `2026-Q4` or `2026-11`. */
  key: string;
  kind: PeriodKind;
  year: number;
  /** First and last day, inclusive (ISO dates, Kyiv calendar). */
  starts: string;
  ends: string;
  /** The period it falls in (a month's quarter, a quarter's year). */
  parent: string | null;
}

const PERIOD = /^(\d{4})(?:-(Q[1-4]|\d{2}))?$/;
const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function parsePeriod(key: string): ReportPeriod | null {
  const m = PERIOD.exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 2023 || year > 2100) return null;
  const part = m[2];
  if (!part) return { key, kind: 'year', year, starts: `${year}-01-01`, ends: `${year}-12-31`, parent: null };
  if (part.startsWith('Q')) {
    const q = Number(part.slice(1));
    const [first, last] = [q * 3 - 2, q * 3];
    return { key, kind: 'quarter', year, starts: `${year}-${pad(first)}-01`, ends: `${year}-${pad(last)}-${lastDay(year, last)}`, parent: String(year) };
  }
  const month = Number(part);
  if (month < 1 || month > 12) return null;
  return { key, kind: 'month', year, starts: `${year}-${pad(month)}-01`, ends: `${year}-${pad(month)}-${lastDay(year, month)}`, parent: `${year}-Q${Math.ceil(month / 3)}` };
}

/** A year with its quarters and months: the periods a refresh computes together. */
export function periodsOfYear(year: number): ReportPeriod[] {
  const keys = [String(year), ...[1, 2, 3, 4].map((q) => `${year}-Q${q}`), ...Array.from({ length: 12 }, (_, i) => `${year}-${pad(i + 1)}`)];
  return keys.map((k) => parsePeriod(k)!);
}

/** The quarter a date falls in, e.g. the default period of the report. */
export const quarterKey = (date: string) => `${date.slice(0, 4)}-Q${Math.ceil(Number(date.slice(5, 7)) / 3)}`;

// ---- groups of measures ----
export type Hierarchy = 'org' | 'geo';
export type Additivity = 'sum' | 'union';

export interface ReportGroup {
  key: string;
  /**
   * The columns (dynamic ones, like measures, come from the data). Empty for a group that is
   * one number per row.
   */
  columns: readonly string[] | 'dynamic';
  /** Whether rows carry a total: only where each counted thing falls in one column. */
  total: boolean;
  /** How months add up to quarters and quarters to years; `last` for a count taken at the period's end. */
  periods: Additivity | 'last';
  /** Counts of people or of their cases: small ones are suppressed for the ministry. */
  people: boolean;
  /** Which roll-ups the group has: referrals and staff have no geography of the person. */
  hierarchies: readonly Hierarchy[];
  /** Whether the group goes below the provider (units, hromadas). */
  belowProvider: boolean;
}

/**
 * Every count is attributed to one unit and one place within a provider (a person served to
 * the latest of their family's cases in the period), so units and places add up exactly to the
 * provider, and providers to the ministry. A person served by two providers is counted by each.
 */
export const REPORT_GROUPS = [
  { key: 'families_served', columns: [], total: true, periods: 'union', people: true, hierarchies: ['org', 'geo'], belowProvider: true },
  { key: 'people_served', columns: [], total: true, periods: 'union', people: true, hierarchies: ['org', 'geo'], belowProvider: true },
  { key: 'cases_new', columns: [], total: true, periods: 'sum', people: true, hierarchies: ['org', 'geo'], belowProvider: true },
  { key: 'cases_closed', columns: CLOSURE_OUTCOMES, total: true, periods: 'sum', people: true, hierarchies: ['org', 'geo'], belowProvider: true },
  // A case can carry several categories: no total, each column stands alone.
  { key: 'cases_by_category', columns: CASE_CATEGORIES, total: false, periods: 'union', people: true, hierarchies: ['org', 'geo'], belowProvider: true },
  { key: 'deliveries', columns: 'dynamic', total: true, periods: 'sum', people: true, hierarchies: ['org', 'geo'], belowProvider: true },
  { key: 'deliveries_by_version', columns: 'dynamic', total: true, periods: 'sum', people: true, hierarchies: ['org', 'geo'], belowProvider: true },
  { key: 'transfers', columns: ['out', 'in'], total: true, periods: 'sum', people: true, hierarchies: ['org', 'geo'], belowProvider: true },
  { key: 'overdue_steps', columns: [], total: true, periods: 'last', people: true, hierarchies: ['org', 'geo'], belowProvider: true },
  { key: 'caseload', columns: ['0-9', '10-19', '20-29', '30+'], total: true, periods: 'last', people: false, hierarchies: ['org'], belowProvider: false },
  // Referrals by the unit that sent them and where they stand now (submitted = not decided yet).
  { key: 'referrals', columns: ['accepted', 'declined', 'withdrawn', 'submitted'], total: true, periods: 'sum', people: true, hierarchies: ['org'], belowProvider: true },
  { key: 'escalations', columns: SLA_TARGETS, total: true, periods: 'sum', people: true, hierarchies: ['org'], belowProvider: true },
  // Pauses of intake at capacity: about the provider, not about people.
  { key: 'capacity_pauses', columns: [], total: true, periods: 'sum', people: false, hierarchies: ['org'], belowProvider: false },
] as const satisfies readonly ReportGroup[];
export type ReportGroupKey = (typeof REPORT_GROUPS)[number]['key'];

export const reportGroup = (key: string): ReportGroup | undefined => REPORT_GROUPS.find((g) => g.key === key);

/** Caseload buckets: how many open cases a case manager holds. */
export function caseloadBucket(openCases: number): string {
  if (openCases < 10) return '0-9';
  if (openCases < 20) return '10-19';
  if (openCases < 30) return '20-29';
  return '30+';
}

// ---- service targets ----
/** Durations are kept as a histogram of whole hours; longer than this falls in the last bucket. */
export const SLA_HISTOGRAM_MAX_HOURS = 24 * 60;

export interface SlaCounts {
  /** Hours from referral to the target being met → how many met it after that long. */
  hours: ReadonlyMap<number, number>;
  onTime: number;
  late: number;
  /** Not met and already past due (counted against the target, not in the durations). */
  missedOpen: number;
}

export interface SlaStats { measured: number; medianHours: number | null; p90Hours: number | null; shareWithin: number | null }

/** Fewer judged referrals than this and a statistic is not shown to the ministry. */
export const SLA_MIN_REFERRALS = 5;

/** Median, 90th percentile (nearest rank over whole hours) and share within the target. */
export function slaStats(c: SlaCounts): SlaStats {
  const measured = [...c.hours.values()].reduce((a, b) => a + b, 0);
  const judged = c.onTime + c.late + c.missedOpen;
  return {
    measured,
    medianHours: percentile(c.hours, measured, 0.5),
    p90Hours: percentile(c.hours, measured, 0.9),
    shareWithin: judged === 0 ? null : c.onTime / judged,
  };
}

function percentile(hours: ReadonlyMap<number, number>, n: number, q: number): number | null {
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(q * n));
  let seen = 0;
  for (const h of [...hours.keys()].sort((a, b) => a - b)) {
    seen += hours.get(h)!;
    if (seen >= rank) return h;
  }
  return null;
}
