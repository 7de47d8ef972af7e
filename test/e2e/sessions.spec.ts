import { expect, test } from '@playwright/test';
import { login, open } from './support.ts';

test('a person sees the devices they are signed in on and ends the other one', async ({ browser }) => {
  const phone = await browser.newContext({ userAgent: 'Phone Browser (e2e)' });
  const laptop = await browser.newContext({ userAgent: 'Laptop Browser (e2e)' });
  const onPhone = await phone.newPage();
  const onLaptop = await laptop.newPage();
  await login(onPhone, 'manager2@nadiya.demo');
  await login(onLaptop, 'manager2@nadiya.demo');

  await open(onLaptop, '/account');
  const sessions = onLaptop.getByRole('region', { name: 'Пристрої, з яких ви увійшли' });
  await expect(sessions.getByText('Laptop Browser (e2e)')).toBeVisible();
  await expect(sessions.getByText('Цей пристрій')).toBeVisible();
  await sessions.getByRole('button', { name: /Phone Browser/ }).click();
  await expect(sessions.getByText('Сеанс завершено.')).toBeVisible();
  await expect(sessions.getByText('Phone Browser (e2e)')).toHaveCount(0);

  // The phone's session is over: its next page sends it to sign in again.
  await onPhone.goto('/account');
  await expect(onPhone).toHaveURL(/\/login/);
  await phone.close();
  await laptop.close();
});
