import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { kyivDate, login, open } from './support.ts';

/**
 * The ministry's workspace end to end: the coordinator reviews the pilot dashboard, drills from
 * the pilot to a provider to a unit, exports the report and opens the file; records a meeting
 * with two instructions; the NGO admin assigned one reports it done; the coordinator sees it done.
 */
test.describe.configure({ mode: 'serial' });

const COORDINATOR = 'coordinator@minsoc.demo';

/** The report is computed by a job queued at start: reload until it has been published. */
async function openReport(page: Page, path = '/reports') {
  await expect.poll(async () => {
    await open(page, path);
    return page.locator('[data-freshness]').count();
  }, { timeout: 60_000, intervals: [1_000, 2_000, 5_000] }).toBe(1);
}

test('the coordinator reviews the dashboard, drills down and exports the report', async ({ page }) => {
  await login(page, COORDINATOR);
  await openReport(page);
  await open(page, '/');
  const families = page.locator('[data-key="families_served"] .value');
  await expect(families).toBeVisible();
  // The demo: five families at each of the two providers this quarter.
  await expect(families).toHaveText('10');
  await expect(page.getByRole('heading', { name: 'Відповідність критеріям: потребує уваги' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'ГО «Разом»' })).toBeVisible();

  // Pilot → provider → unit.
  await openReport(page);
  const table = page.locator('section[data-group="families_served"]');
  await expect(table.locator('tbody tr.self td').last()).toHaveText('10');
  await table.getByRole('link', { name: 'ГО «Разом»' }).click();
  await expect(page.getByRole('navigation', { name: 'Рівень звіту' })).toContainText('ГО «Разом»');
  const provider = page.locator('section[data-group="families_served"]');
  // A few families per unit: the ministry sees "<5" there, never the number.
  await expect(provider.locator('tbody tr[data-row^="u:"] td').first()).toHaveText('<5');
  const unit = provider.locator('tbody tr[data-row^="u:"] th a').first();
  const unitName = (await unit.textContent())!.trim();
  await unit.click();
  await expect(page.getByRole('navigation', { name: 'Рівень звіту' })).toContainText(unitName);
  await expect(page).toHaveURL(/node=u%3A|node=u:/);

  // Export the pilot-level report and open the file.
  await openReport(page);
  const download = page.waitForEvent('download');
  await page.locator('[data-export="xlsx"]').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^pilot-report-\d{4}-Q[1-4]-org\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await file.path())!);
  const rows: unknown[][] = [];
  book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  expect(rows[0]![0]).toBe('Пілотний проєкт: звіт');
  const at = rows.findIndex((r) => r[0] === 'Сім’ї, яким надано послуги');
  expect(at).toBeGreaterThan(0);
  expect(rows[at + 2]).toEqual(['Пілотний проєкт', 10]);
  // Every provider has its row (other specs may have added providers).
  expect(rows.slice(at + 3).map((r) => r[0])).toEqual(expect.arrayContaining(['БФ «Надія»', 'ГО «Разом»']));
});

test('the coordinator records a meeting with two instructions', async ({ page }) => {
  await login(page, COORDINATOR);
  await open(page, '/coordination');
  await page.getByRole('link', { name: /м\. Києва/ }).click();
  await page.getByRole('link', { name: 'Записати засідання' }).click();
  await page.locator('input[name="place"]').fill('Київ, вул. Хрещатик, 36, зал 2');
  await page.getByRole('button', { name: 'Зберегти засідання' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Засідання / })).toBeVisible();

  await page.locator('select[name="category"]').selectOption('psychosocial_support');
  await page.locator('section[aria-labelledby="add-issue"] input[name="title"]').fill('Групи підтримки для дружин полонених');
  await page.locator('textarea[name="decisions"]').fill('Організувати групи підтримки у двох районах міста.');
  await page.getByRole('button', { name: 'Додати питання' }).click();
  const issue = page.locator('article[data-issue="Групи підтримки для дружин полонених"]');
  await expect(issue).toBeVisible();

  await addInstruction(page, 'Провести дві групи підтримки до кінця місяця', 'Ганна Руденко — ГО «Разом»');
  await addInstruction(page, 'Надати приміщення для груп підтримки', 'Світлана Левченко — Департамент соціальної політики КМДА');
  await expect(issue.locator('[data-instruction]')).toHaveCount(2);

  // The minutes print in Ukrainian.
  const download = page.waitForEvent('download');
  await page.locator('[data-minutes]').click();
  expect((await download).suggestedFilename()).toMatch(/^minutes-\d{4}-\d{2}-\d{2}\.pdf$/);
});

async function addInstruction(page: Page, title: string, assignee: string) {
  const issue = page.locator('article[data-issue="Групи підтримки для дружин полонених"]');
  // The form folds away under its summary (it may still be open from the previous one).
  const details = issue.locator('details').first();
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
  const form = details.locator('form');
  await form.locator('input[name="title"]').fill(title);
  const due = kyivDate(20);
  await form.locator('input[name="dueDate"]').fill(due);
  await form.locator('select[name="assigneeMemberId"]').selectOption({ label: assignee });
  await form.getByRole('button', { name: 'Додати доручення' }).click();
  await expect(issue.locator(`[data-instruction="${title}"]`)).toBeVisible();
}

test('the NGO admin reports execution and the instruction shows done', async ({ page }) => {
  await login(page, 'admin@razom.demo');
  await open(page, '/coordination/instructions?mine=true&status=open_all');
  await page.getByRole('link', { name: 'Провести дві групи підтримки до кінця місяця' }).click();
  await expect(page.locator('[data-status]')).toHaveAttribute('data-status', 'open');
  await page.locator('textarea[name="summary"]').fill('Проведено дві групи підтримки: 14 і 11 учасниць.');
  await page.locator('input[name="done"]').check();
  await page.getByRole('button', { name: 'Надіслати звіт' }).click();
  await expect(page.locator('[data-status]')).toHaveAttribute('data-status', 'done');
  await expect(page.getByText('Проведено дві групи підтримки: 14 і 11 учасниць.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Надіслати звіт' })).toHaveCount(0);

  await page.context().clearCookies();
  await login(page, COORDINATOR);
  await open(page, '/coordination/instructions?status=done');
  await page.getByRole('link', { name: 'Провести дві групи підтримки до кінця місяця' }).click();
  await expect(page.locator('[data-status]')).toHaveAttribute('data-status', 'done');
  await expect(page.getByText('ГО «Разом»').first()).toBeVisible();
});
