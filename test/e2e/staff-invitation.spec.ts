import { expect, test } from '@playwright/test';
import { latestMailTo, login, open, submitLogin, uniqueEmail, waitForHydration } from './support.ts';

test('an NGO admin invites a case manager, who sets a password and signs in', async ({ page, browser }) => {
  const email = uniqueEmail('case-manager');
  const fullName = 'Олена Тестова';
  const password = 'a long enough pass phrase';

  await login(page, 'admin@razom.demo');
  await page.getByRole('navigation', { name: 'Головне меню' }).getByRole('link', { name: 'Працівники' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Працівники' })).toBeVisible();
  await page.getByRole('link', { name: 'Запросити працівника' }).first().click();

  await page.getByLabel('Прізвище, ім’я та по батькові').fill(fullName);
  await page.getByLabel('Електронна пошта').fill(email);
  await expect(page.getByRole('checkbox', { name: 'Фахівець із супроводу' })).toBeChecked();

  // The API judges the phone number; its verdict appears next to the field, in Ukrainian.
  const phone = page.getByLabel('Телефон (необов’язково)');
  await phone.fill('123');
  await page.getByRole('button', { name: 'Надіслати запрошення' }).click();
  await expect(phone).toHaveAttribute('aria-invalid', 'true');
  await expect(phone).toHaveAccessibleDescription(/Введіть номер у форматі \+380 і 9 цифр\./);
  await expect(phone).toBeFocused();
  await expect(page.getByLabel('Електронна пошта')).toHaveValue(email);

  await phone.fill('');
  await page.getByRole('button', { name: 'Надіслати запрошення' }).click();

  await expect(page).toHaveURL(/\/staff\?invited=/);
  await expect(page.getByRole('status')).toHaveText(`Запрошення надіслано на ${email}.`);

  // Filters live in the URL: searching for the address finds the new, invited person.
  await page.getByRole('searchbox', { name: 'Пошук' }).fill(email);
  await page.getByRole('button', { name: 'Застосувати' }).click();
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(email).replace(/[.+]/g, '\\$&')}`));
  const row = page.getByRole('row').filter({ hasText: email });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('cell').nth(1)).toHaveText('Фахівець із супроводу');
  await expect(row.getByRole('cell').nth(2)).toHaveText('Запрошено');

  // The invitee opens the link from the email in their own browser.
  const mail = await latestMailTo(email);
  const path = mail.text.match(/\/invite\/[A-Za-z0-9_-]+/)?.[0];
  expect(path, 'the invitation email links to /invite/<token>').toBeTruthy();

  const invitee = await browser.newPage();
  await open(invitee, path!);
  await expect(invitee.getByRole('heading', { level: 1, name: 'Запрошення до Пілота' })).toBeVisible();
  await expect(invitee.getByText(fullName)).toBeVisible();
  await expect(invitee.getByText(email)).toBeVisible();

  await invitee.getByLabel('Новий пароль', { exact: true }).fill(password);
  await invitee.getByLabel('Повторіть новий пароль').fill(password);
  await invitee.getByRole('button', { name: 'Активувати обліковий запис' }).click();

  await expect(invitee).toHaveURL('/login?reason=invitation_accepted');
  await expect(invitee.getByRole('status')).toHaveText('Обліковий запис активовано. Увійдіть зі своїм паролем.');
  await waitForHydration(invitee);
  await submitLogin(invitee, email, password);
  await expect(invitee).toHaveURL('/');
  await expect(invitee.getByRole('heading', { level: 1, name: `Вітаємо, ${fullName}` })).toBeVisible();
  await expect(invitee.getByRole('heading', { level: 2, name: 'Мої справи' })).toBeVisible();

  // The link works once.
  await open(invitee, path!);
  await expect(invitee.getByRole('heading', { level: 1, name: 'Запрошення недійсне' })).toBeVisible();
  await invitee.close();
});
