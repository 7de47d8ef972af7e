import { expect, test } from '@playwright/test';
import { login, open } from './support.ts';

const NAV = ['Головна', 'Працівники', 'Надавачі', 'Журнал дій'] as const;

/** Each role's home after sign-in, and the navigation it may use (nothing more). */
const HOMES = [
  { email: 'operator@pilot.demo', home: 'Платформа', panel: 'Стан платформи', nav: ['Головна', 'Надавачі', 'Журнал дій'] },
  { email: 'coordinator@minsoc.demo', home: 'Пілотний проєкт', panel: 'Показники пілоту', nav: ['Головна', 'Надавачі'] },
  { email: 'admin@razom.demo', home: 'Адміністрування організації', panel: 'Профіль організації', nav: ['Головна', 'Працівники', 'Журнал дій'] },
  { email: 'supervisor@nadiya.demo', home: 'Супервізія', panel: 'Нові направлення', nav: ['Головна', 'Журнал дій'] },
  { email: 'manager1@razom.demo', home: 'Мої справи', panel: 'Мої завдання', nav: ['Головна'] },
  { email: 'unit1@army.demo', home: 'Військова частина', panel: 'Направити сім’ю', nav: ['Головна'] },
] as const;

for (const { email, home, panel, nav } of HOMES) {
  test(`${email} lands on their role's home`, async ({ page }) => {
    await login(page, email);

    await expect(page.getByRole('heading', { level: 2, name: home })).toBeVisible();
    // Later issues fill these panels; until then each says what will appear there.
    await expect(page.getByRole('heading', { level: 3, name: panel })).toBeVisible();

    const menu = page.getByRole('navigation', { name: 'Головне меню' });
    for (const item of NAV) {
      const link = menu.getByRole('link', { name: item, exact: true });
      if ((nav as readonly string[]).includes(item)) await expect(link).toBeVisible();
      else await expect(link).toHaveCount(0);
    }
  });
}

test('a screen outside the role is refused, not shown', async ({ page }) => {
  await login(page, 'manager1@razom.demo');
  const response = await page.goto('/staff');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1, name: 'Цей розділ недоступний для вашої ролі.' })).toBeVisible();
});

test('the ministry reads providers but cannot create them', async ({ page }) => {
  await login(page, 'coordinator@minsoc.demo');
  await open(page, '/admin/providers');
  await expect(page.getByRole('link', { name: /Razom|Разом/ }).first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Додати надавача' })).toHaveCount(0);
  expect((await page.goto('/admin/providers/new'))?.status()).toBe(403);
});
