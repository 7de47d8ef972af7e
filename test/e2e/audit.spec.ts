import { expect, test } from '@playwright/test';
import { login, open } from './support.ts';

test('an NGO admin reads the audit log and checks its integrity', async ({ page }) => {
  await login(page, 'admin@nadiya.demo');
  await open(page, '/audit');
  await expect(page.getByRole('heading', { level: 1, name: 'Журнал дій' })).toBeVisible();
  const integrity = page.getByRole('region', { name: 'Цілісність журналу' });
  await integrity.getByRole('button', { name: 'Перевірити цілісність' }).click();
  await expect(integrity.getByText(/^Ланцюжок цілий: перевірено \d+ записів/)).toBeVisible();
});

test('a supervisor reads the log but is not offered the integrity check', async ({ page }) => {
  await login(page, 'supervisor@nadiya.demo');
  await open(page, '/audit');
  await expect(page.getByRole('heading', { level: 1, name: 'Журнал дій' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Цілісність журналу' })).toHaveCount(0);
});
