/** Shared steps of the browser tests: hydrated navigation, login, the captured mailbox. */
import { expect, type Page, type Response } from '@playwright/test';
import { MAIL_URL } from './constants.ts';

/** Password of every demo login the stack seeds. */
export const DEMO_PASSWORD = 'pilot-demo-2026';

/** A click before hydration does nothing; the root layout marks <html> once the app is live. */
export async function waitForHydration(page: Page): Promise<void> {
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

export async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await waitForHydration(page);
}

/**
 * Fills the login form in whatever language the page is in (fields are found by their name) and
 * returns the form action's response, whose status is the API's (401, 429, or 303 on success).
 */
export async function submitLogin(page: Page, email: string, password: string): Promise<Response> {
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  const response = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login');
  await page.locator('form:has(input[name="password"]) button[type="submit"]').click();
  return response;
}

/** Signs in from the login page and waits for the home page. */
export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await open(page, '/login');
  await submitLogin(page, email, password);
  await expect(page).toHaveURL('/');
  await waitForHydration(page);
}

interface Mail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  date: string;
}

/** Waits for the newest email to `address` in the stack's mail sink. */
export async function latestMailTo(address: string): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(
      async () => {
        const response = await fetch(MAIL_URL);
        const mails = (await response.json()) as Mail[];
        found = mails.filter((mail) => mail.to.toLowerCase().includes(address.toLowerCase())).at(-1);
        return Boolean(found);
      },
      { message: `an email to ${address}`, timeout: 15_000 },
    )
    .toBe(true);
  return found!;
}

/** A unique address per run, so tests never collide with seeded people or earlier runs. */
export const uniqueEmail = (prefix: string) => `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@e2e.pilot.test`;
