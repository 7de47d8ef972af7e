import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { DEMO_IDS, startTestApp, type TestApp } from './harness.ts';
import { refreshReports } from '../src/modules/reports/refresh.ts';

/**
 * Issue 22: only the beneficiary's name was guarded, so a staff member's own name reached the
 * supervisor's spreadsheet as a formula. Names a user controls, in every export that shows
 * them, come out inert in CSV and XLSX; numbers stay numbers.
 */
const FORMULA = /^[=+\-@\t\r]/;
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({}, { clock: () => new Date('2026-11-25T10:00:00Z') });
  await t.sql(`update user_account set full_name = '=HYPERLINK("http://evil.example","Open")' where email = 'manager1@razom.demo'`);
  await t.sql(`update support_case set beneficiary_name = '+SUM(1,2)' where id = (select id from support_case where provider_id = $1 order by id limit 1)`, [DEMO_IDS.razom]);
  await t.sql(`update provider set name = '@SUM(1)' where id = $1`, [DEMO_IDS.razom]);
  await t.sql(`update provider set name = E'\\t-1+2' where id = $1`, [DEMO_IDS.nadiya]);
  await refreshReports({ orm: t.orm, clock: t.app.clock, log: { info: () => {} } }, 2026);
}, 300_000);
afterAll(async () => { await t?.close(); });

async function download(who: string, url: string) {
  const res = await t.as(who, { method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  return res;
}

/** Every cell of the CSV, fields unquoted. */
function csvCells(body: string): string[] {
  return body.replace(/^\uFEFF/, '').split(/\r?\n/).flatMap((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"')));
}

async function xlsxCells(raw: Buffer) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(raw as unknown as ArrayBuffer);
  const cells: ExcelJS.Cell[] = [];
  book.eachSheet((s) => s.eachRow((r) => r.eachCell((c) => cells.push(c))));
  return cells;
}

const EXPORTS = [
  { who: 'supervisor@razom.demo', url: '/api/v1/cases/export?format=', expect: [`'=HYPERLINK("http://evil.example","Open")`, `'+SUM(1,2)`] },
  { who: 'coordinator@minsoc.demo', url: '/api/v1/reports/pilot/export?period=2026-Q4&hierarchy=org&format=', expect: [`'@SUM(1)`, `'\t-1+2`] },
];

describe('formula cells in exports (issue 22)', () => {
  for (const e of EXPORTS) {
    it(`${e.url.split('?')[0]} writes formula-looking text as inert text in CSV and XLSX`, async () => {
      const csv = csvCells((await download(e.who, `${e.url}csv`)).body);
      expect(csv.filter((c) => FORMULA.test(c))).toEqual([]);
      for (const x of e.expect) expect(csv).toContain(x);

      const cells = await xlsxCells((await download(e.who, `${e.url}xlsx`)).rawPayload);
      expect(cells.filter((c) => c.type === ExcelJS.ValueType.Formula).map((c) => c.address)).toEqual([]);
      expect(cells.filter((c) => typeof c.value === 'string' && FORMULA.test(c.value)).map((c) => c.value)).toEqual([]);
      for (const x of e.expect) expect(cells.map((c) => c.value)).toContain(x);
      // Numbers stay numbers.
      expect(cells.some((c) => typeof c.value === 'number')).toBe(true);
    });
  }
});
