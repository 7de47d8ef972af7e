import { expect, test } from '@playwright/test';
import { completeMfa, latestMailTo, login, open, submitLogin, uniqueEmail, waitForHydration } from './support.ts';

/** A valid EDRPOU (8 digits, check digit by the state algorithm) that no earlier run used. */
function freshEdrpou(): string {
  const seven = String(1000000 + Math.floor(Math.random() * 1999999)).padStart(7, '0');
  const d = [...seven].map(Number);
  const weigh = (w: number[]) => w.reduce((s, x, i) => s + x * d[i]!, 0) % 11;
  let r = weigh([1, 2, 3, 4, 5, 6, 7]);
  if (r === 10) r = weigh([3, 4, 5, 6, 7, 8, 9]) % 10;
  return seven + r;
}

test('a new NGO admin must set up two-factor sign-in before anything else, then signs in with a code', async ({ page, browser }) => {
  const email = uniqueEmail('ngo-admin');
  const password = 'river-lantern-copper-42';

  // The platform operator creates a provider and invites its first admin.
  await login(page, 'operator@pilot.demo');
  await open(page, '/admin/providers/new');
  await page.locator('input[name="name"]').fill(`ГО «Тест ${Date.now()}»`);
  await page.locator('input[name="edrpou"]').fill(freshEdrpou());
  await page.locator('select[name="oblastCode"]').selectOption({ index: 1 });
  await page.locator('input[name="contactEmail"]').fill('info@test.demo');
  await page.locator('input[name="contactPhone"]').fill('0441234567');
  await page.locator('input[name="admin.fullName"]').fill('Олена Тестова');
  await page.locator('input[name="admin.email"]').fill(email);
  await page.getByRole('button', { name: 'Створити й надіслати запрошення' }).click();
  await expect(page.getByText('Надавача створено, запрошення адміністратору надіслано.')).toBeVisible();

  // The admin accepts the invitation and signs in: the only way on is to set up the app.
  const mail = await latestMailTo(email);
  const admin = await browser.newPage();
  await open(admin, new URL(/https?:\/\/\S+\/invite\/\S+/.exec(mail.text)![0]).pathname);
  await admin.getByLabel('Новий пароль', { exact: true }).fill(password);
  await admin.getByLabel('Повторіть новий пароль').fill(password);
  await admin.getByRole('button', { name: 'Активувати обліковий запис' }).click();
  await expect(admin).toHaveURL(/reason=invitation_accepted/);
  await waitForHydration(admin);
  await submitLogin(admin, email, password);
  await expect(admin).toHaveURL('/account/two-factor');
  await expect(admin.getByText('Для вашої ролі двофакторний вхід обов’язковий')).toBeVisible();
  await open(admin, '/staff');
  await expect(admin).toHaveURL('/account/two-factor');

  await admin.getByRole('button', { name: 'Почати налаштування' }).click();
  await expect(admin.getByRole('img', { name: 'QR-код для застосунку автентифікації' })).toBeVisible();
  const secret = (await admin.locator('code.secret').textContent())!.trim();
  await admin.getByLabel('Код підтвердження').fill('000000');
  await admin.getByRole('button', { name: 'Увімкнути' }).click();
  await expect(admin.getByText('Код неправильний або вже використаний.').first()).toBeVisible();
  await completeMfa(admin, email, secret);
  await expect(admin.getByRole('heading', { name: 'Резервні коди' })).toBeVisible();
  await expect(admin.getByRole('list', { name: 'Резервні коди' }).getByRole('listitem')).toHaveCount(10);
  await admin.getByRole('link', { name: 'Я зберіг(ла) коди — продовжити' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: /^Вітаємо, Олена Тестова/ })).toBeVisible();

  // Next time: password, then a code.
  await admin.getByRole('button', { name: 'Вийти' }).click();
  await expect(admin).toHaveURL(/\/login/);
  await waitForHydration(admin);
  await submitLogin(admin, email, password);
  await expect(admin.getByRole('heading', { level: 1, name: 'Підтвердження входу' })).toBeVisible();
  await waitForHydration(admin);
  await completeMfa(admin, email, secret);
  await expect(admin).toHaveURL('/');
});
