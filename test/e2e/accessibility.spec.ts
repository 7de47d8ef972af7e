import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { login, open } from './support.ts';

/** WCAG 2.1 A and AA, the level public services in Ukraine and the EU are held to. */
async function violations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

test('the login page passes an automated accessibility audit', async ({ page }) => {
  await open(page, '/login');
  expect(await violations(page)).toEqual([]);
});

test('a home page passes an automated accessibility audit', async ({ page }) => {
  await login(page, 'admin@razom.demo');
  expect(await violations(page)).toEqual([]);
});

test('the staff list passes an automated accessibility audit', async ({ page }) => {
  await login(page, 'admin@razom.demo');
  await open(page, '/staff');
  expect(await violations(page)).toEqual([]);
});

test('the skip link is the first stop and moves focus to the content', async ({ page }) => {
  await open(page, '/login');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Перейти до основного змісту' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
});
