import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { latestMailTo, login, open, waitForHydration } from './support.ts';

const NEW_REFERRAL_NOTICE = /^(Нове направлення від в\/ч|New referral from unit) А1234$/;

/** A person's name no other test or seed uses, to find this run's referral. */
const uniqueName = (first: string) => `Тест${Date.now().toString(36)} ${first}`;

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, email);
  return page;
}

/** Fills the one-page referral form as a unit contact would on a phone. */
async function fillReferral(page: Page, person: string, needs: string) {
  await open(page, '/refer');
  const [last, first] = person.split(' ');
  await page.getByLabel('Прізвище', { exact: true }).fill(last!);
  await page.getByLabel('Ім’я', { exact: true }).fill(first!);
  await page.getByLabel('Телефон', { exact: true }).fill('067 555 12 34');
  await page.getByLabel('Ким доводиться військовослужбовцю').selectOption({ label: 'чоловік / дружина' });
  await page.getByRole('textbox', { name: 'Військовослужбовець', exact: true }).fill('Павло Тестовий');
  await page.getByLabel('Статус військовослужбовця').selectOption({ label: 'у полоні' });
  await page.getByRole('checkbox', { name: 'Сім’я військовополоненого' }).check();
  await page.getByLabel('Чого потрібно').fill(needs);
  await page.getByRole('radio', { name: 'Термінова' }).check();
}

test.describe('closed-loop referrals', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('a unit contact refers from a phone, the supervisor accepts and assigns, the case manager makes first contact, the unit sees it and whom to call and nothing of the case', async ({ page, browser }) => {
    const person = uniqueName('Олена');
    const needs = 'Потрібна допомога з документами на виплати — конфіденційно';
    await login(page, 'unit1@army.demo');
    await page.getByRole('link', { name: 'Направити', exact: true }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Направити людину' })).toBeVisible();
    await expect(page.getByText('ГО «Разом»')).toBeVisible();
    expect(await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze().then((r) => r.violations.map((v) => v.id))).toEqual([]);

    // Without consent the referral is refused, and the form says why.
    await fillReferral(page, person, needs);
    await page.getByRole('button', { name: 'Надіслати направлення' }).click();
    await expect(page.getByText('Без згоди людини направлення не можна надіслати.')).toBeVisible();
    await expect(page.getByLabel('Прізвище', { exact: true })).toHaveValue(person.split(' ')[0]!);

    await page.getByRole('checkbox', { name: 'Людина погодилася, щоб її дані передали надавачу' }).check();
    await page.getByRole('button', { name: 'Надіслати направлення' }).click();
    await expect(page).toHaveURL(/\/my-referrals\/[\w-]+\?sent=1$/);
    await expect(page.getByRole('status')).toContainText('Направлення надіслано');
    await expect(page.getByText('Подано').first()).toBeVisible();
    const referralUrl = new URL(page.url()).pathname;

    // The supervisor is told (in-app and by email) and decides from the inbox.
    const supervisor = await signedIn(browser, 'supervisor@razom.demo');
    await expect(async () => {
      await open(supervisor, '/notifications');
      // In the supervisor's own language (another test may have switched their account to English).
      await expect(supervisor.getByText(NEW_REFERRAL_NOTICE).first()).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await latestMailTo('supervisor@razom.demo', NEW_REFERRAL_NOTICE);

    await open(supervisor, '/referrals?status=submitted');
    const row = supervisor.getByRole('row').filter({ hasText: person });
    await expect(row).toContainText('Розгляд направлення: залишилось');
    await row.getByRole('link', { name: person }).click();
    await expect(supervisor.getByText(needs)).toBeVisible();
    const managerSelect = supervisor.getByLabel('Відповідальна особа');
    await managerSelect.selectOption((await managerSelect.locator('option', { hasText: 'Марина Бондаренко' }).getAttribute('value'))!);
    await supervisor.getByRole('button', { name: 'Прийняти й призначити' }).click();
    await expect(supervisor.getByRole('status')).toContainText('Направлення прийнято');
    await expect(supervisor.getByText('Прийнято').first()).toBeVisible();

    // The unit sees the decision and whom to call.
    await open(page, referralUrl);
    await expect(page.getByText('Прийнято').first()).toBeVisible();
    await expect(page.getByTestId('case-manager')).toContainText('Марина Бондаренко');

    // The case manager opens the case the referral became and records the first contact.
    const manager = await signedIn(browser, 'manager1@razom.demo');
    await open(manager, new URL(supervisor.url()).pathname);
    await manager.getByRole('link', { name: 'Відкрити справу' }).click();
    await waitForHydration(manager);
    await manager.getByLabel('Про що домовилися (необов’язково)').fill('Домовилися про зустріч у вівторок — конфіденційно');
    await manager.getByRole('button', { name: 'Записати контакт із сім’єю' }).click();
    await expect(manager.getByText('Контакт записано.')).toBeVisible();

    // The unit sees "first contact made" and whom to call; never the needs it wrote, nor anything of the case.
    await open(page, referralUrl);
    await expect(page.getByText('Перший контакт відбувся').first()).toBeVisible();
    await expect(page.getByText('Домовилися про зустріч')).toHaveCount(0);
    await expect(page.getByTestId('case-manager')).toContainText('Марина Бондаренко');
    await expect(page.getByTestId('case-manager')).toContainText('+380441234563');
    await expect(page.getByText(needs)).toHaveCount(0);
    await expect(page.getByText('+380675551234')).toHaveCount(0);

    await open(page, '/my-referrals');
    await expect(page.getByRole('row').filter({ hasText: person })).toContainText('Марина Бондаренко');
  });

  test('a declined referral shows the unit the reason category, not the provider’s note', async ({ page, browser }) => {
    const person = uniqueName('Ганна');
    await login(page, 'unit2@army.demo');
    await fillReferral(page, person, 'Юридична консультація щодо спадщини');
    await page.getByRole('checkbox', { name: 'Людина погодилася, щоб її дані передали надавачу' }).check();
    await page.getByRole('button', { name: 'Надіслати направлення' }).click();
    await expect(page).toHaveURL(/\/my-referrals\/[\w-]+\?sent=1$/);
    const referralUrl = new URL(page.url()).pathname;

    const supervisor = await signedIn(browser, 'supervisor@razom.demo');
    await open(supervisor, `/referrals?q=${encodeURIComponent(person)}`);
    await supervisor.getByRole('link', { name: person }).click();
    await supervisor.getByLabel('Причина відмови').selectOption({ label: 'Потреби поза межами наших послуг' });
    await supervisor.getByLabel('Примітка для вашої організації').fill('Внутрішня примітка: передати до БПД');
    await supervisor.getByRole('button', { name: 'Відхилити направлення' }).click();
    await expect(supervisor.getByRole('status')).toContainText('Направлення відхилено');

    await open(page, referralUrl);
    await expect(page.getByText('Відхилено').first()).toBeVisible();
    await expect(page.getByText('Причина: Потреби поза межами наших послуг.')).toBeVisible();
    await expect(page.getByText('Внутрішня примітка')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Відкликати' })).toHaveCount(0);
  });

  test('an unanswered referral escalates to the ministry on its own', async ({ page }) => {
    test.setTimeout(150_000);
    // The demo's referral from unit А2345 was never answered; the scheduled sweep (every minute,
    // on the real queue) reminds Razom's supervisor and escalates to its admin and the ministry.
    await login(page, 'coordinator@minsoc.demo');
    await expect(async () => {
      await open(page, '/escalations?open=true');
      await expect(page.getByRole('row').filter({ hasText: 'А2345' }).filter({ hasText: 'Розгляд направлення' })).toContainText('ГО «Разом»', { timeout: 1000 });
    }).toPass({ timeout: 130_000, intervals: [5_000] });
    // Nothing about the person reaches the ministry.
    await expect(page.getByText('Гончар')).toHaveCount(0);

    // The notice is delivered by its own job, a moment after the escalation.
    await expect(async () => {
      await open(page, '/notifications');
      await expect(page.getByText('Ескалація: ГО «Разом», в/ч А2345').first()).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 60_000, intervals: [3_000] });
    await expect(page.getByTestId('unread-count')).toBeVisible();
    await latestMailTo('coordinator@minsoc.demo', /^Ескалація/);

    await open(page, '/pilot');
    await expect(page.getByRole('heading', { level: 1, name: 'Огляд пілоту' })).toBeVisible();
  });
});

test.describe('the ministry runs units, assignments and waves', () => {
  test('registers a unit, assigns it, sees the history and the unassigned list', async ({ page }) => {
    const code = `А${String(Date.now()).slice(-4)}`;
    await login(page, 'coordinator@minsoc.demo');
    await open(page, '/units/new');
    await page.getByLabel('Код').fill(code.replace('А', 'a'));
    await page.getByLabel('Назва').fill('Тестова бригада');
    await page.getByLabel('Тип').selectOption({ label: 'Військова частина' });
    await page.getByLabel('Область').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Зареєструвати' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `${code} — Тестова бригада` })).toBeVisible();
    await expect(page.getByText('Сьогодні частину не закріплено')).toBeVisible();

    await open(page, '/pilot');
    await expect(page.getByRole('link', { name: code })).toBeVisible();

    await page.getByRole('link', { name: code }).click();
    await page.getByLabel('Надавач', { exact: true }).selectOption({ label: 'БФ «Надія»' });
    await page.getByLabel('Перший день').fill('2026-01-01');
    await page.getByRole('button', { name: 'Закріпити', exact: true }).click();
    await expect(page.getByText('Закріплення збережено.')).toBeVisible();
    await expect(page.locator('.provider')).toHaveText('БФ «Надія»');

    // A second, overlapping assignment is refused: history is kept, one provider at a time.
    await page.getByLabel('Надавач', { exact: true }).selectOption({ label: 'ГО «Разом»' });
    await page.getByLabel('Перший день').fill('2026-02-01');
    await page.getByRole('button', { name: 'Закріпити', exact: true }).click();
    await expect(page.getByRole('alert')).toBeVisible();

    await open(page, '/waves');
    await expect(page.getByRole('heading', { level: 2, name: 'Етап 1' })).toBeVisible();
  });
});

test('the referral screens pass an automated accessibility audit', async ({ browser }) => {
  // Each sign-in with an authenticator code may wait for a fresh 30-second step.
  test.setTimeout(120_000);
  const screens = {
    'unit1@army.demo': ['/my-referrals', '/refer'],
    'supervisor@razom.demo': ['/referrals', '/intake'],
    'coordinator@minsoc.demo': ['/units', '/calendar', '/waves', '/pilot', '/notifications'],
  };
  for (const [email, paths] of Object.entries(screens)) {
    const page = await signedIn(browser, email);
    for (const path of paths) {
      await open(page, path);
      const found = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(found.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `${email} ${path}`).toEqual([]);
    }
    await page.context().close();
  }
});
