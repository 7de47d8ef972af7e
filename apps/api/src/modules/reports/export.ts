import ExcelJS from 'exceljs';
import type { TReport, TReportCell } from '@pilot/contracts';
import { OBLASTS, smallLabel } from '@pilot/domain';
import { CATEGORY, OUTCOME } from '../cases/export.ts';

type Lang = 'uk' | 'en';

const GROUP: Record<string, [string, string]> = {
  families_served: ['Сім’ї, яким надано послуги', 'Families served'],
  people_served: ['Особи, яким надано послуги', 'People served'],
  cases_new: ['Нові справи', 'New cases'],
  cases_closed: ['Закриті справи за результатом', 'Closed cases by outcome'],
  cases_by_category: ['Справи за категорією', 'Cases by category'],
  deliveries: ['Надані заходи', 'Service deliveries by measure'],
  deliveries_by_version: ['Надані заходи за версією каталогу', 'Service deliveries by catalogue version'],
  transfers: ['Передачі справ між надавачами', 'Transfers between providers'],
  overdue_steps: ['Прострочені кроки планів', 'Overdue plan steps'],
  caseload: ['Кейс-менеджери за кількістю відкритих справ', 'Case managers by open cases'],
  referrals: ['Направлення від військових частин', 'Referrals from units'],
  escalations: ['Ескалації: прострочені цільові строки', 'Escalations: service targets missed'],
  capacity_pauses: ['Призупинення прийому', 'Intake pauses at capacity'],
};
const COLUMN: Record<string, [string, string]> = {
  ...CATEGORY, ...OUTCOME, out: ['Передано', 'Sent'], in: ['Прийнято', 'Received'],
  accepted: ['Прийнято', 'Accepted'], declined: ['Відхилено', 'Declined'], withdrawn: ['Відкликано', 'Withdrawn'], submitted: ['Очікують рішення', 'Awaiting a decision'],
  acknowledgement: ['Підтвердження', 'Acknowledgement'], first_contact: ['Перший контакт', 'First contact'], assessment: ['Оцінка потреб', 'Assessment'],
};
const TEXT = {
  uk: { title: 'Пілотний проєкт: звіт', period: 'Період', node: 'Рівень', hierarchy: { org: 'Надавачі та військові частини', geo: 'Області та громади' }, refreshed: 'Дані станом на', total: 'Усього', legend: `${smallLabel()} — менше п’яти осіб; x — приховано, щоб мале число не можна було обчислити з інших`, ownData: 'Власні дані організації, без приховування' },
  en: { title: 'Pilot report', period: 'Period', node: 'Level', hierarchy: { org: 'Providers and units', geo: 'Oblasts and hromadas' }, refreshed: 'Data as of', total: 'Total', legend: `${smallLabel()} — fewer than five people; x — hidden so that a small number cannot be worked out from the others`, ownData: 'The organisation’s own data, not suppressed' },
} as const;

/** How a cell reads in a file: the number, "<5", or "x". */
export const cellText = (c: TReportCell): number | string => (c.state === 'small' ? smallLabel() : c.state === 'hidden' ? 'x' : c.value ?? 0);

/**
 * The report as one sheet, group after group (a CSV is the same sheet): the same numbers and
 * the same suppression as on screen, never more.
 */
export function reportWorkbook(report: TReport, lang: Lang, measureNames: ReadonlyMap<string, string> = new Map()): ExcelJS.Workbook {
  const t = TEXT[lang];
  const li = lang === 'uk' ? 0 : 1;
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(lang === 'uk' ? 'Звіт' : 'Report');
  const nodeName = (r: { kind: string; key: string; name: string }) =>
    r.kind === 'oblast' && lang === 'en' ? (OBLASTS.find((o) => `o:${o.code}` === r.key)?.en ?? r.name) : r.name;
  sheet.addRow([t.title]).font = { bold: true, size: 14 };
  sheet.addRow([t.period, report.period]);
  sheet.addRow([t.node, report.path.map(nodeName).join(' › '), t.hierarchy[report.hierarchy]]);
  sheet.addRow([t.refreshed, report.refreshedAt ?? '—']);
  sheet.addRow([report.suppressed ? t.legend : t.ownData]);
  for (const group of report.groups) {
    sheet.addRow([]);
    sheet.addRow([GROUP[group.key]?.[li] ?? group.key]).font = { bold: true };
    const header = sheet.addRow(['', ...group.columns.map((c) => COLUMN[c]?.[li] ?? measureNames.get(c) ?? c), ...(group.total ? [t.total] : [])]);
    header.font = { bold: true };
    for (const row of group.rows) sheet.addRow([nodeName(row), ...row.cells.map(cellText)]);
  }
  sheet.getColumn(1).width = 48;
  return book;
}
