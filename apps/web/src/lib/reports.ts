/** Words and shapes of the pilot report in the reader's language. */
import type { TMeasure, TReportCell, TReportNodeRef } from '@pilot/contracts';
import { parsePeriod, publishedMonthly, quarterKey, smallLabel, type CaseCategory, type ClosureOutcome } from '@pilot/domain';
import { m } from '#paraglide/messages.js';
import { getLocale } from '#paraglide/runtime.js';
import { CATEGORY, OUTCOME } from './cases.ts';
import { oblastName } from './format.ts';

export const GROUP_LABELS: Record<string, () => string> = {
  families_served: m.report_families_served,
  people_served: m.report_people_served,
  cases_new: m.report_cases_new,
  cases_closed: m.report_cases_closed,
  cases_by_category: m.report_cases_by_category,
  deliveries: m.report_deliveries,
  deliveries_by_version: m.report_deliveries_by_version,
  transfers: m.report_transfers,
  overdue_steps: m.report_overdue_steps,
  caseload: m.report_caseload,
  referrals: m.report_referrals,
  escalations: m.report_escalations,
  capacity_pauses: m.report_capacity_pauses,
};
export const groupLabel = (key: string) => GROUP_LABELS[key]?.() ?? key;

const FIXED_COLUMNS: Record<string, () => string> = {
  out: m.report_transfers_out, in: m.report_transfers_in,
  accepted: m.report_referral_accepted, declined: m.report_referral_declined, withdrawn: m.report_referral_withdrawn,
  submitted: m.report_referral_submitted,
  acknowledgement: m.report_target_acknowledgement, first_contact: m.report_target_first_contact, assessment: m.report_target_assessment,
  '0-9': () => m.report_caseload_bucket({ range: '0–9' }), '10-19': () => m.report_caseload_bucket({ range: '10–19' }),
  '20-29': () => m.report_caseload_bucket({ range: '20–29' }), '30+': () => m.report_caseload_bucket({ range: '30+' }),
};

/** A column's label: a category, an outcome, a measure (by code or code and version), a bucket. */
export function columnLabel(column: string, measures: readonly TMeasure[]): string {
  if (column in CATEGORY) return CATEGORY[column as CaseCategory]();
  if (column in OUTCOME) return OUTCOME[column as ClosureOutcome]();
  if (FIXED_COLUMNS[column]) return FIXED_COLUMNS[column]();
  const [code, version] = column.split(' v');
  const measure = measures.find((x) => x.code === code);
  const v = version ? measure?.versions.find((x) => x.version === Number(version)) : (measure?.current ?? measure?.versions[0]);
  const name = v ? (getLocale() === 'uk' ? v.nameUk : v.nameEn) : '';
  return `${column}${name ? ` · ${name}` : ''}`;
}

export const nodeName = (node: TReportNodeRef) => {
  if (node.kind === 'oblast') return node.key === 'o:_' ? m.report_unknown_place() : oblastName(node.key.slice(2));
  if (node.kind === 'ministry') return m.report_pilot();
  if (node.kind === 'unit') return node.key.endsWith(':') ? m.report_no_unit() : node.name;
  if (node.kind === 'hromada' && node.key.startsWith('h:_')) return m.report_unknown_place();
  return node.name;
};

/** A cell as the report shows it: the number, "<5" or "x". */
export const cellText = (c: TReportCell) =>
  c.state === 'small' ? smallLabel() : c.state === 'hidden' ? 'x' : new Intl.NumberFormat(getLocale() === 'uk' ? 'uk-UA' : 'en-GB').format(c.value ?? 0);
export const cellTitle = (c: TReportCell) => (c.state === 'small' ? m.report_small_title() : c.state === 'hidden' ? m.report_hidden_title() : undefined);

/**
 * The period to ask for at a node: months are reported for the pilot, providers and oblasts
 * only (the API answers 400 below them), so a unit's or a hromada's month becomes its quarter.
 */
export function periodAt(period: string | undefined, node: string | undefined): string | undefined {
  if (!period || !node || publishedMonthly(node) || parsePeriod(period)?.kind !== 'month') return period;
  return quarterKey(`${period}-01`);
}

/**
 * The periods offered: this year's and last year's quarters and months (only where the node
 * is reported by month), and the years.
 */
export function periodOptions(today: string, months = true) {
  const year = Number(today.slice(0, 4));
  const current = quarterKey(today);
  const options: { value: string; label: string }[] = [];
  for (const y of [year, year - 1]) {
    options.push({ value: String(y), label: periodLabel(String(y)) });
    for (const q of [4, 3, 2, 1]) {
      const key = `${y}-Q${q}`;
      if (key <= current) options.push({ value: key, label: periodLabel(key) });
    }
    for (let mo = 12; months && mo >= 1; mo--) {
      const key = `${y}-${String(mo).padStart(2, '0')}`;
      if (key <= today.slice(0, 7)) options.push({ value: key, label: periodLabel(key) });
    }
  }
  return options;
}

export function periodLabel(key: string): string {
  const p = parsePeriod(key);
  if (!p) return key;
  if (p.kind === 'year') return m.report_period_year({ year: p.year });
  if (p.kind === 'quarter') return m.report_period_quarter({ quarter: key.slice(-1), year: p.year });
  const month = new Intl.DateTimeFormat(getLocale() === 'uk' ? 'uk-UA' : 'en-GB', { month: 'long', year: 'numeric' }).format(new Date(`${key}-15`));
  return month;
}

/** A short label of a month or quarter for a chart's axis. */
export const axisLabel = (key: string) => {
  const p = parsePeriod(key);
  if (p?.kind === 'month') return new Intl.DateTimeFormat(getLocale() === 'uk' ? 'uk-UA' : 'en-GB', { month: 'short' }).format(new Date(`${key}-15`));
  return key.slice(5);
};
