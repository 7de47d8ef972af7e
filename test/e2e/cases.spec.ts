import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { kyivDate, login, open, waitForHydration } from './support.ts';

const isoDaysAgo = (days: number) => kyivDate(-days);

/** Supervisors sign in with a one-time authenticator code: a second sign-in may wait for the next 30-second step. */
const WITH_MFA = 120_000;

async function tab(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Розділи справи' }).getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('navigation', { name: 'Розділи справи' }).getByRole('link', { name, exact: true })).toHaveAttribute('aria-current', 'page');
  await waitForHydration(page);
}

test('a case manager takes a family from intake to closure', async ({ page, browser }) => {
  test.setTimeout(WITH_MFA);
  await login(page, 'manager1@razom.demo');
  await page.getByRole('navigation', { name: 'Головне меню' }).getByRole('link', { name: 'Справи' }).click();
  await page.getByRole('link', { name: 'Новий прийом' }).first().click();
  await waitForHydration(page);

  // Step one: someone very like a person already on file (the demo's wounded soldier).
  await page.getByLabel('Прізвище', { exact: true }).fill('Шевченко');
  await page.getByLabel('Ім’я', { exact: true }).fill('Дмитро');
  await page.getByLabel('По батькові', { exact: true }).fill('Олексійович');
  await page.getByLabel('Дата народження').fill('1996-11-23');
  await page.getByLabel('Телефон', { exact: true }).fill('050 765 43 21');
  // The address: the chosen oblast's hromadas (KATOTTG codifier) are listed, by raion.
  await expect(page.getByText('Спершу оберіть область: тут з’являться її громади.')).toBeVisible();
  await page.getByLabel('Область', { exact: true }).selectOption({ label: 'Вінницька' });
  await expect(page.getByLabel('Громада', { exact: true }).locator('optgroup[label="Хмільницький район"] > option', { hasText: 'Хмільницька міська громада' })).toBeAttached();
  await page.getByLabel('Громада', { exact: true }).selectOption({ label: 'Вінницька міська громада' });
  await page.getByRole('checkbox', { name: 'Поранений, на лікуванні' }).check();
  await page.getByRole('checkbox', { name: 'Це військовослужбовець' }).check();
  await page.getByLabel('Військова частина').fill('a2345');
  await page.getByRole('button', { name: 'Перевірити і продовжити' }).click();

  await expect(page.getByText('Схожих записів: 1. Оберіть наявний або підтвердьте, що це інша людина.')).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Шевченко Дмитро Олександрович' })).toBeVisible();

  // Step two: a different person after all; verbal consent recorded as such.
  await page.getByRole('checkbox', { name: 'Я перевірив(ла): це інша людина' }).check();
  await expect(page.getByRole('checkbox', { name: 'Поранений, на лікуванні' })).toBeChecked();
  await page.getByRole('checkbox', { name: 'Людина надала згоду на обробку даних' }).check();
  await page.getByLabel('Спосіб', { exact: true }).selectOption('verbal');
  await page.getByRole('button', { name: 'Відкрити справу', exact: true }).click();

  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}\?created=1/);
  await expect(page.getByText('Справу відкрито.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Шевченко Дмитро Олексійович' })).toBeVisible();
  const caseUrl = page.url().split('?')[0]!;
  await waitForHydration(page);
  // The person's hromada was saved under its codifier code.
  await expect(page.getByLabel('Громада', { exact: true })).toHaveValue('UA05020030000031457');

  // Needs assessment.
  await tab(page, 'Оцінка');
  await page.getByRole('combobox', { name: 'Документи і довідки' }).selectOption('high');
  await page.getByRole('combobox', { name: 'Здоров’я і реабілітація' }).selectOption('critical');
  await page.getByLabel('Примітка: Здоров’я і реабілітація').fill('Потрібне направлення на ВЛК');
  await page.getByRole('button', { name: 'Зберегти оцінку' }).click();
  await expect(page.getByText('Оцінку збережено.')).toBeVisible();
  await expect(page.locator('header').getByText('Оцінка потреб')).toBeVisible();

  // A plan from the wounded service member's playbook, started a month ago: early steps are overdue.
  await tab(page, 'План');
  await expect(page.getByRole('checkbox', { name: 'Поранений військовослужбовець' })).toBeChecked();
  await page.getByLabel('Початок', { exact: true }).fill(isoDaysAgo(30));
  await page.getByRole('button', { name: 'Додати кроки до плану' }).click();
  await expect(page.getByText('Кроки додано до плану.')).toBeVisible();
  const vlk = page.getByRole('listitem').filter({ hasText: 'Направлення на ВЛК і супровід' });
  await expect(vlk.getByText('прострочено')).toBeVisible();
  await expect(vlk.getByText('Направлення на ВЛК (бракує)')).toBeVisible();

  // Two deliveries, one for the ВЛК step.
  await tab(page, 'Заходи');
  await page.getByLabel('Захід', { exact: true }).selectOption({ label: 'M08 · Психосоціальні консультації' });
  await page.getByLabel('Тривалість, хв').fill('60');
  await page.getByLabel('Результат', { exact: true }).fill('Перша зустріч, первинна психологічна допомога');
  await page.getByRole('button', { name: 'Записати захід' }).click();
  await expect(page.getByText('Захід записано.')).toBeVisible();
  await page.getByLabel('Захід', { exact: true }).selectOption({ label: 'M11 · Перенаправлення до інших послуг і фахівців' });
  await page.getByLabel('Форма').selectOption('outreach');
  await page.getByLabel('Крок плану').selectOption({ label: 'Направлення на ВЛК і супровід' });
  await page.getByLabel('Тривалість, хв').fill('120');
  await page.getByLabel('Результат', { exact: true }).fill('Супровід на ВЛК, подано документи');
  await page.getByRole('button', { name: 'Записати захід' }).click();
  await expect(page.getByText('Захід записано.')).toBeVisible();
  const deliveries = page.getByRole('region', { name: 'Надані заходи' }).getByRole('row');
  await expect(deliveries).toHaveCount(3);

  // The overdue steps are on my tasks...
  await page.getByRole('navigation', { name: 'Головне меню' }).getByRole('link', { name: 'Завдання' }).click();
  const overdue = page.getByRole('region', { name: /Прострочено/ });
  await expect(overdue.getByRole('listitem').filter({ hasText: 'Шевченко Дмитро Олексійович' }).first()).toBeVisible();

  // ...and on the supervisor's dashboard.
  const supervisor = await (await browser.newContext()).newPage();
  await login(supervisor, 'supervisor@razom.demo');
  await open(supervisor, '/supervision');
  await expect(supervisor.getByRole('table', { name: 'Прострочені кроки' }).getByRole('row').filter({ hasText: 'Шевченко Дмитро Олексійович' }).first()).toBeVisible();
  await supervisor.context().close();

  // Closing needs an outcome.
  await open(page, caseUrl);
  await page.getByRole('button', { name: 'Закрити справу' }).click();
  await expect(page.getByText('Щоб закрити справу, оберіть результат.')).toBeVisible();
  await page.getByLabel('Результат', { exact: true }).selectOption('goals_met');
  await page.getByLabel('Коментар до закриття').fill('Направлення на ВЛК отримано, реабілітація триває в іншій установі');
  await page.getByRole('button', { name: 'Закрити справу' }).click();
  await expect(page.locator('header').getByText('Закрита')).toBeVisible();
  await expect(page.getByText(/Справу закрито: записи доступні лише для перегляду/)).toBeVisible();
  await tab(page, 'Історія');
  await expect(page.getByRole('listitem').filter({ hasText: 'Справу закрито' }).filter({ hasText: 'Цілей досягнуто' })).toBeVisible();
});

test('a supervisor transfers a case with consent; the other provider accepts; both sides see it', async ({ page, browser }) => {
  test.setTimeout(WITH_MFA);
  await login(page, 'supervisor@razom.demo');
  await open(page, '/cases?q=Левченко');
  await page.getByRole('link', { name: 'Левченко Галина Миколаївна' }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
  await waitForHydration(page);
  const caseUrl = page.url().split('?')[0]!;
  await expect(page.getByText('Згоду на обробку персональних даних ще не записано.')).toBeVisible();

  // Without consent naming the receiver, the transfer is refused.
  await page.getByLabel('Кому', { exact: true }).selectOption({ label: 'БФ «Надія»' });
  await page.getByLabel('Чому передаємо').fill('Сім’я переїхала до Львова');
  await page.getByRole('button', { name: 'Запропонувати передання' }).click();
  await expect(page.getByText('Спершу запишіть згоду людини на обробку даних.')).toBeVisible();

  await tab(page, 'Згода');
  await page.getByRole('checkbox', { name: 'передання справи іншому надавачу' }).check();
  await page.getByText('Додати організацію, якій можна передавати дані').click();
  await page.getByRole('checkbox', { name: 'індивідуальний план' }).check();
  await page.getByLabel('Надавач, якому можна передати справу').selectOption({ label: 'БФ «Надія»' });
  await page.getByRole('button', { name: 'Записати згоду' }).click();
  await expect(page.getByText('Згоду записано.')).toBeVisible();
  await expect(page.getByText('Отримувач даних: БФ «Надія»', { exact: false })).toBeVisible();

  await tab(page, 'Огляд');
  await page.getByLabel('Кому', { exact: true }).selectOption({ label: 'БФ «Надія»' });
  await page.getByLabel('Чому передаємо').fill('Сім’я переїхала до Львова');
  await page.getByRole('button', { name: 'Запропонувати передання' }).click();
  await expect(page.getByText('Справу запропоновано передати: БФ «Надія». Чекаємо на рішення.')).toBeVisible();

  // The receiving supervisor accepts and assigns a case manager.
  const nadiya = await (await browser.newContext()).newPage();
  await login(nadiya, 'supervisor@nadiya.demo');
  await open(nadiya, '/supervision');
  const offer = nadiya.getByRole('region', { name: 'Справи, які пропонують передати вам' }).getByRole('listitem').filter({ hasText: 'Левченко Галина Миколаївна' });
  await expect(offer.getByText(/від ГО «Разом»/)).toBeVisible();
  await offer.getByLabel('Кейс-менеджер').selectOption({ label: 'Юлія Олійник' });
  await offer.getByRole('button', { name: /Прийняти справу/ }).click();
  await expect(nadiya.getByText('Справу прийнято.')).toBeVisible();

  await open(nadiya, '/cases?q=Левченко');
  await nadiya.getByRole('link', { name: 'Левченко Галина Миколаївна' }).click();
  await expect(nadiya).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
  await waitForHydration(nadiya);
  await expect(nadiya.getByRole('definition').filter({ hasText: 'Юлія Олійник' })).toBeVisible();
  await tab(nadiya, 'Історія');
  await expect(nadiya.getByText(/Справу прийнято від іншого надавача/)).toBeVisible();
  await nadiya.context().close();

  // The sender keeps its own records, read-only, closed as transferred.
  await open(page, caseUrl);
  await expect(page.getByText('Справу передано іншому надавачу. Ваші записи залишаються доступними для перегляду.')).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: 'Передано іншому надавачу' })).toBeVisible();

  // What the sender still holds about the person can be exported for them (right of access).
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'для читання (HTML)' }).click();
  expect((await download).suggestedFilename()).toMatch(/^subject-\d{4}-\d{2}-\d{2}\.html$/);
});

test('case screens pass an automated accessibility audit', async ({ page, browser }) => {
  test.setTimeout(WITH_MFA);
  const audit = async (p: Page, where: string) => {
    const results = await new AxeBuilder({ page: p }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((v) => `${where}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  };
  await login(page, 'manager1@razom.demo');
  for (const path of ['/cases', '/cases/new', '/tasks', '/catalogue']) {
    await open(page, path);
    await audit(page, path);
  }
  await open(page, '/cases?q=Гнатюк');
  await page.getByRole('link', { name: /Гнатюк Оксана/ }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
  await waitForHydration(page);
  for (const name of ['Огляд', 'Оцінка', 'План', 'Заходи', 'Згода', 'Історія']) {
    await tab(page, name);
    await audit(page, name);
  }
  const supervisor = await (await browser.newContext()).newPage();
  await login(supervisor, 'supervisor@razom.demo');
  await open(supervisor, '/supervision');
  await audit(supervisor, '/supervision');
  await supervisor.context().close();
});

test('two case managers edit the same person: the stale edit is refused, not lost', async ({ page, browser }) => {
  await login(page, 'manager1@razom.demo');
  await open(page, '/cases?q=Шевченко');
  await page.getByRole('link', { name: 'Шевченко Дмитро Олександрович' }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
  await waitForHydration(page);

  // The same manager in another browser edits the person first; this page's edit is then stale.
  const other = await (await browser.newContext()).newPage();
  await login(other, 'manager1@razom.demo');
  await open(other, page.url());
  await other.getByText('Змінити дані особи').click();
  await other.getByLabel('Адреса').fill('вул. Шевченка, 1');
  await other.getByRole('button', { name: 'Зберегти' }).click();
  await expect(other.getByText('Дані особи збережено.')).toBeVisible();
  await other.context().close();

  await page.getByText('Змінити дані особи').click();
  await page.getByLabel('Адреса').fill('вул. Франка, 2');
  await page.getByRole('button', { name: 'Зберегти' }).click();
  await expect(page.getByText('Хтось щойно змінив ці дані. Оновіть сторінку і спробуйте ще раз.')).toBeVisible();
  await open(page, page.url().split('?')[0]!);
  await expect(page.getByRole('definition').filter({ hasText: 'вул. Шевченка, 1' })).toBeVisible();
});

test('a case manager links a relative into the family', async ({ page }) => {
  await login(page, 'manager1@razom.demo');
  await open(page, '/cases?q=Гнатюк');
  await page.getByRole('link', { name: /Гнатюк Оксана/ }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
  await waitForHydration(page);
  await tab(page, 'Сім’я');
  await expect(page.getByText('Гнатюк Андрій Іванович — військовослужбовець · у полоні')).toBeVisible();

  await page.getByLabel('Ким доводиться').selectOption('child');
  await page.getByLabel('Прізвище', { exact: true }).fill('Гнатюк');
  await page.getByLabel('Ім’я', { exact: true }).fill('Софія');
  await page.getByLabel('По батькові', { exact: true }).fill('Андріївна');
  await page.getByLabel('Дата народження').fill('2016-02-29');
  await page.getByRole('button', { name: 'Додати', exact: true }).click();
  await expect(page.getByText('Члена сім’ї додано.')).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Гнатюк Софія Андріївна' })).toContainText('дитина');
});
