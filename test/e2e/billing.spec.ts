import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { edrpouCheckDigit } from '@pilot/domain';
import { STRIPE_FAKE_URL } from './constants.ts';
import { apiLogin, enrollTotp, latestMailTo, login, open, uniqueEmail } from './support.ts';

/**
 * Billing in the browser against the e2e stack's fake Stripe: a provider outside the pilot
 * subscribes through Checkout, then a failed payment walks it through the banner (past due),
 * restricted mode (no new staff; existing staff still editable) and back to active.
 */
test.describe.configure({ mode: 'serial' });

const PASSWORD = 'a long enough pass phrase';
let provider: { id: string; name: string; admin: string; totp: string };

/** A Stripe event the fake makes happen (and delivers, signed, to the product) for this provider. */
async function stripeDoes(request: APIRequestContext, verb: 'fail' | 'pay', daysAgo = 0) {
  const res = await request.post(`${STRIPE_FAKE_URL}/_control/providers/${provider.id}/${verb}`, { data: { daysAgo } });
  expect(res.status()).toBe(200);
  expect((await res.json()).delivered.every((s: number) => s === 200)).toBe(true);
}

const banner = (page: Page) => page.getByRole('complementary', { name: 'Оплата' });

test.beforeAll(async ({ request }) => {
  // A new provider, not in the pilot: the operator creates it, its admin accepts the invitation.
  const seven = String(Math.floor(1_000_000 + Math.random() * 8_999_999));
  const admin = uniqueEmail('billing-admin');
  const name = `ГО «Оплата ${seven}»`;
  const created = await request.post('/api/v1/providers', {
    headers: await apiLogin(request, 'operator@pilot.demo'),
    data: {
      name, edrpou: `${seven}${edrpouCheckDigit(seven)}`, oblastCode: 'UA80000000000093317',
      contactEmail: uniqueEmail('billing-org'), contactPhone: '+380441112233', admin: { email: admin, fullName: 'Адміністраторка Оплати' },
    },
  });
  expect(created.status()).toBe(201);
  const token = (await latestMailTo(admin)).text.match(/\/invite\/([A-Za-z0-9_-]+)/)![1];
  const accepted = await request.post('/api/v1/auth/invitations/accept', { data: { token, password: PASSWORD } });
  expect(accepted.status()).toBe(204);
  // An NGO admin sets up two-factor sign-in before anything else.
  provider = { id: (await created.json()).id, name, admin, totp: await enrollTotp(request, admin, PASSWORD) };
});

test("the NGO admin sees plan and seats, and subscribes through Stripe Checkout", async ({ page }) => {
  await login(page, provider.admin, PASSWORD, provider.totp);
  // No plan yet: every page says so, and points the admin to billing.
  await expect(banner(page)).toContainText('Організація ще не має плану');
  await banner(page).getByRole('link', { name: 'Перейти до оплати' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Оплата' })).toBeVisible();
  await expect(page.getByTestId('billing-plan')).toHaveText('Не обрано');
  await expect(page.getByTestId('billing-seats')).toContainText('1 (оплата за кожне місце)');
  await expect(page.getByRole('heading', { level: 3, name: 'Рахунків ще немає' })).toBeVisible();
  expect((await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations).toEqual([]);

  await page.getByRole('button', { name: 'Оплачувати щомісяця' }).click();
  // The product hands over to the Checkout URL the (fake) Stripe returned.
  await expect(page).toHaveURL(new RegExp(`^${STRIPE_FAKE_URL}/checkout/cs_test_`));
  await expect(page.getByText('1 × 500.00 UAH / month')).toBeVisible();
  await page.getByRole('button', { name: 'Pay' }).click();

  // Stripe sends the signed webhooks, then brings the admin back.
  await expect(page).toHaveURL('/billing?checkout=success');
  await expect(page.getByRole('status').filter({ hasText: 'Дякуємо!' })).toBeVisible();
  await expect(page.getByTestId('billing-plan')).toHaveText('Щомісячний');
  await expect(page.getByText('Активний', { exact: true })).toBeVisible();
  await expect(page.getByTestId('billing-seats')).toContainText('У підписці: 1');
  await expect(banner(page)).toHaveCount(0);
  const invoices = page.getByRole('table', { name: 'Рахунки' });
  await expect(invoices.getByRole('row')).toHaveCount(2);
  await expect(invoices.getByRole('row').nth(1)).toContainText('Сплачено');
  await expect(page.getByRole('button', { name: 'Змінити план' })).toBeVisible();
});

test('a failed payment: banner with days left, then restricted mode, then paid again', async ({ page, request }) => {
  await login(page, provider.admin, PASSWORD, provider.totp);
  // While active, a colleague joins (a seat, billed by quantity).
  const colleague = uniqueEmail('billing-colleague');
  await open(page, '/staff/invite');
  await page.getByLabel('Прізвище, ім’я та по батькові').fill('Колега Оплати');
  await page.getByLabel('Електронна пошта').fill(colleague);
  await page.getByRole('button', { name: 'Надіслати запрошення' }).click();
  await expect(page).toHaveURL(/\/staff\?invited=/);

  // The renewal fails; two days on, everything still works, with the days left on every page.
  await stripeDoes(request, 'fail', 2);
  await open(page, '/');
  await expect(banner(page)).toContainText('Не вдалося списати оплату');
  await expect(banner(page)).toContainText('залишилося днів: 12');

  // Paid, then failing again long ago: past the 14-day grace period, restricted.
  await stripeDoes(request, 'pay');
  await stripeDoes(request, 'fail', 20);
  await open(page, '/staff');
  await expect(banner(page)).toContainText('Обмежений режим');

  // No new staff seat...
  await open(page, '/staff/invite');
  await page.getByLabel('Прізвище, ім’я та по батькові').fill('Ще Одна Людина');
  await page.getByLabel('Електронна пошта').fill(uniqueEmail('billing-blocked'));
  await page.getByRole('button', { name: 'Надіслати запрошення' }).click();
  await expect(page.getByRole('alert')).toContainText('Обмежений режим оплати');
  await expect(page).toHaveURL('/staff/invite');

  // ...while existing work stays editable: the colleague's roles change.
  await open(page, `/staff?q=${encodeURIComponent(colleague)}`);
  const row = page.getByRole('row').filter({ hasText: colleague });
  await row.getByText('Змінити ролі').click();
  await row.getByRole('checkbox', { name: 'Супервізор' }).check();
  await row.getByRole('button', { name: 'Зберегти' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Колега Оплати' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: colleague }).getByRole('cell').nth(1)).toContainText('Супервізор');

  // Paid again: active, the banner is gone and staff can be added.
  await stripeDoes(request, 'pay');
  await open(page, '/billing');
  await expect(banner(page)).toHaveCount(0);
  await expect(page.getByText('Активний', { exact: true })).toBeVisible();
});

test('the platform operator sees every provider’s billing and the webhook deliveries', async ({ page }) => {
  await login(page, 'operator@pilot.demo');
  await page.getByRole('navigation', { name: 'Головне меню' }).getByRole('link', { name: 'Оплата' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Оплата надавачів' })).toBeVisible();
  const razom = page.getByRole('row').filter({ hasText: 'ГО «Разом»' });
  await expect(razom).toContainText('Пілотний (оплачує міністерство)');
  await expect(razom).toContainText('Спонсорований');
  await expect(page.getByRole('row').filter({ hasText: provider.name })).toContainText('Активний');

  await page.getByRole('link', { name: provider.name }).click();
  await page.getByLabel('Ліміт місць').fill('5');
  await page.getByRole('button', { name: 'Надати пілотний план' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Пілотний план збережено.' })).toBeVisible();
  await expect(page.getByText('Пілотний (оплачує міністерство) + Щомісячний')).toBeVisible();

  await open(page, '/admin/billing/webhooks?outcome=processed');
  await expect(page.getByRole('row').filter({ hasText: 'checkout.session.completed' }).first()).toContainText('Опрацьовано');
});
