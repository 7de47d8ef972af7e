/** The case list as CSV or XLSX (exceljs writes both), with the list's own filters. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import ExcelJS from 'exceljs';
import { ZCaseExportQuery } from '@pilot/contracts';
import type { CaseCategory, CaseStatus, ClosureOutcome } from '@pilot/domain';
import { iso } from '../../lib/pagination.ts';
import { today } from '../../lib/clock.ts';
import { queryCases } from './list.ts';
import { writeSpreadsheet } from '../../lib/spreadsheet.ts';

/** Enough rows for any one provider's caseload; larger extracts belong to reports. */
const EXPORT_LIMIT = 20_000;

type Lang = 'uk' | 'en';
const STATUS: Record<CaseStatus, [string, string]> = {
  intake: ['Прийом', 'Intake'], assessment: ['Оцінка', 'Assessment'], active: ['Активна', 'Active'], closed: ['Закрита', 'Closed'],
};
export const CATEGORY: Record<CaseCategory, [string, string]> = {
  mobilized: ['Мобілізований', 'Mobilized'], serving: ['Проходить службу', 'Serving'], wounded: ['Поранений', 'Wounded'],
  released_from_captivity: ['Звільнений з полону', 'Released from captivity'], preparing_discharge: ['Підготовка до звільнення', 'Preparing for discharge'],
  family_of_pow: ['Сім’я військовополоненого', 'Family of a POW'], family_of_missing: ['Сім’я зниклого безвісти', 'Family of the missing'],
  family_of_fallen: ['Сім’я загиблого', 'Family of the fallen'], idp_family: ['Сім’я ВПО', 'IDP family'],
};
export const OUTCOME: Record<ClosureOutcome, [string, string]> = {
  goals_met: ['Цілей досягнуто', 'Goals met'], partly_met: ['Частково', 'Partly met'], declined_further_help: ['Відмова від допомоги', 'Declined further help'],
  lost_contact: ['Втрачено зв’язок', 'Lost contact'], moved: ['Переїзд', 'Moved'], transferred: ['Передано', 'Transferred'], deceased: ['Смерть', 'Deceased'],
};
const HEADERS: Record<Lang, string[]> = {
  uk: ['Отримувач', 'Статус', 'Категорії', 'Кейс-менеджер', 'В/ч', 'Відкрито', 'Останній контакт', 'Прострочені кроки', 'Результат'],
  en: ['Beneficiary', 'Status', 'Categories', 'Case manager', 'Unit', 'Opened', 'Last contact', 'Overdue steps', 'Outcome'],
};

export default async function caseExportRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/cases/export', {
    config: { access: 'cases.work' },
    schema: { tags: ['cases'], summary: 'The filtered case list as CSV or XLSX', querystring: ZCaseExportQuery },
  }, async (req, reply) => {
    const { format, ...filters } = req.query;
    const lang: Lang = req.headers['accept-language']?.startsWith('en') ? 'en' : 'uk';
    const li = lang === 'uk' ? 0 : 1;
    const rows = await queryCases(req, filters, { after: null, limit: EXPORT_LIMIT });
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet(lang === 'uk' ? 'Справи' : 'Cases');
    sheet.addRow(HEADERS[lang]);
    sheet.getRow(1).font = { bold: true };
    for (const r of rows) {
      sheet.addRow([
        r.beneficiary_name, STATUS[r.status][li], r.categories.map((c) => CATEGORY[c][li]).join(', '), r.assignee_name ?? '',
        r.unit_code ?? '', iso(r.opened_at)!.slice(0, 10), iso(r.last_contact_at)?.slice(0, 10) ?? '',
        Number(r.overdue_steps), r.closure_outcome ? OUTCOME[r.closure_outcome][li] : '',
      ]);
    }
    sheet.columns.forEach((c) => { c.width = 22; });
    req.audit('case.export', 'case', null, { format, count: rows.length, filters });
    const name = `cases-${today(req.server.clock)}.${format}`;
    reply.header('content-disposition', `attachment; filename="${name}"`);
    reply.type(format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8');
    return writeSpreadsheet(book, format);
  });
}
