import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, login, open, submitLogin, waitForHydration } from './support.ts';

/** The outside probe's findings on the web app (issue 22), as a browser meets them. */

test('pages say their type is binding and keep our URLs out of other sites’ Referer', async ({ page }) => {
  for (const path of ['/login', '/healthz']) {
    const res = await page.request.get(path);
    expect(res.headers()['x-content-type-options'], path).toBe('nosniff');
    expect(res.headers()['referrer-policy'], path).toBe('same-origin');
  }
  await login(page, 'manager1@razom.demo');
  const res = await page.request.get('/cases');
  expect(res.status()).toBe(200);
  expect(res.headers()['x-content-type-options']).toBe('nosniff');
  expect(res.headers()['referrer-policy']).toBe('same-origin');
});

test('a `next` holding a tab or newline neither fails nor leaves the site', async ({ page }) => {
  // Browsers drop tabs from URLs: this one would have meant //evil.example.
  const res = await page.goto('/login?next=%2F%09%2Fevil.example');
  expect(res?.status()).toBe(200);
  await waitForHydration(page);
  await submitLogin(page, 'manager1@razom.demo', DEMO_PASSWORD);
  await expect(page).toHaveURL('/');
  // Signed in, the login page sends one on at once: to home, not to the broken address.
  const again = await page.goto('/login?next=%2Fcases%0D%0ASet-Cookie%3A%20x%3D1');
  expect(again?.status()).toBe(200);
  await expect(page).toHaveURL('/');
});

test('a case manager’s duplicate check says someone may be on file, without saying who', async ({ page }) => {
  await login(page, 'manager1@razom.demo');
  await open(page, '/cases/new');
  // Галина Левченко is on file, in another case manager's caseload.
  await page.getByLabel('Прізвище', { exact: true }).fill('Левченко');
  await page.getByLabel('Ім’я', { exact: true }).fill('Галина');
  await page.getByLabel('Дата народження').fill('1962-01-30');
  await page.getByLabel('Телефон', { exact: true }).fill('050 765 43 99');
  await page.getByRole('checkbox', { name: 'Сім’я загиблого' }).check();
  await page.getByRole('button', { name: 'Перевірити і продовжити' }).click();
  await expect(page.getByText('Можливо, ця людина вже є в записах, але не у ваших справах. Зверніться до свого супервізора, перш ніж відкривати нову справу.')).toBeVisible();
  await expect(page.getByText('Левченко Галина Миколаївна')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Відкрити справу для цієї людини/ })).toHaveCount(0);
  await expect(page.getByRole('checkbox', { name: 'Я перевірив(ла): це інша людина' })).toBeVisible();
});
