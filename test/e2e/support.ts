/** Shared steps of the browser tests: hydrated navigation, login, the captured mailbox. */
import { expect, type APIRequestContext, type Page, type Response } from '@playwright/test';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { DATA_DIR, MAIL_URL } from './constants.ts';

/** Password of every demo login the stack seeds. */
export const DEMO_PASSWORD = 'pilot-demo-2026';
/** Authenticator secret of the demo logins whose role requires two-factor sign-in. */
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

const PERIOD = 30;
/**
 * The last step used per person, kept in the stack's data directory: Playwright starts a new
 * worker after a failed test, and the API remembers the codes it has seen for longer than a test.
 */
const STEPS_FILE = resolve(import.meta.dirname, '../..', DATA_DIR, 'e2e-totp-steps.json');

function lastSteps(): Record<string, number> {
  return existsSync(STEPS_FILE) ? (JSON.parse(readFileSync(STEPS_FILE, 'utf8')) as Record<string, number>) : {};
}

/**
 * An authenticator code for `email` that the API has not seen yet: each code is good once, so
 * a second sign-in of the same person within 30 seconds uses the next step (the API allows one
 * step of drift) or waits for it.
 */
export async function totpCode(email: string, secret = DEMO_TOTP_SECRET): Promise<string> {
  const key = `${email}:${secret}`;
  const now = () => Math.floor(Date.now() / 1000 / PERIOD);
  const steps = lastSteps();
  const step = Math.max(now(), (steps[key] ?? -Infinity) + 1);
  while (step > now() + 1) await new Promise((r) => setTimeout(r, 1000));
  writeFileSync(STEPS_FILE, JSON.stringify({ ...steps, [key]: step }));
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: PERIOD }).generate({ timestamp: step * PERIOD * 1000 });
}

/**
 * The second step of sign-in, when the page asks for it (roles that require two-factor sign-in).
 * Answers whether the code was accepted: the form, pending while its action runs, either leaves
 * the page (accepted) or is ready again with the refusal.
 */
export async function completeMfa(page: Page, email: string, secret = DEMO_TOTP_SECRET): Promise<boolean> {
  const code = page.locator('input[name="code"]');
  await code.fill(await totpCode(email, secret));
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).search.startsWith('?/'));
  await page.locator('form:has(input[name="code"]) button[type="submit"]').first().click();
  await answered;
  const readyAgain = page.locator('form[aria-busy="false"]:has(input[name="code"])');
  const signedIn = page.locator('main h1').filter({ hasNotText: /^(Підтвердження входу|Confirm it is you)$/ });
  await expect(readyAgain.or(signedIn).first()).toBeVisible();
  return !(await readyAgain.isVisible());
}

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

/**
 * Signs in from the login page (with the authenticator code when asked) and waits for the home
 * page. A code the API has already seen (this process may have restarted since) is followed by
 * the next one.
 */
export async function login(page: Page, email: string, password = DEMO_PASSWORD, totpSecret = DEMO_TOTP_SECRET): Promise<void> {
  await open(page, '/login');
  await submitLogin(page, email, password);
  const askedForCode = page.locator('input[name="code"]');
  await expect(askedForCode.or(page.locator('html[data-hydrated] main h1').filter({ hasNotText: /^(Вхід|Sign in)$/ })).first()).toBeVisible();
  for (let attempt = 0; attempt < 3 && (await askedForCode.isVisible()); attempt++) {
    await waitForHydration(page);
    if (await completeMfa(page, email, totpSecret)) break;
  }
  await expect(page).toHaveURL('/');
  await waitForHydration(page);
}

/** Signs in through the API (the second factor included) and returns an Authorization header. */
export async function apiLogin(request: APIRequestContext, email: string, password = DEMO_PASSWORD, totpSecret = DEMO_TOTP_SECRET) {
  const first = await request.post('/api/v1/auth/login', { data: { email, password } });
  expect(first.status()).toBe(200);
  let body = await first.json();
  if (body.mfaRequired) {
    const second = await request.post('/api/v1/auth/login/mfa', { data: { mfaToken: body.mfaToken, code: await totpCode(email, totpSecret) } });
    expect(second.status()).toBe(200);
    body = await second.json();
  }
  return { authorization: `Bearer ${body.accessToken}` };
}

/**
 * Sets up two-factor sign-in for an account through the API (a new NGO admin must before
 * anything else) and returns the authenticator secret to sign in with.
 */
export async function enrollTotp(request: APIRequestContext, email: string, password: string): Promise<string> {
  const { authorization } = await apiLogin(request, email, password);
  const setup = await (await request.post('/api/v1/me/mfa/setup', { headers: { authorization } })).json();
  const enabled = await request.post('/api/v1/me/mfa/enable', { headers: { authorization }, data: { code: await totpCode(email, setup.secret) } });
  expect(enabled.status()).toBe(200);
  return setup.secret as string;
}

interface Mail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  date: string;
}

/**
 * Waits for the newest email to `address` in the stack's mail sink, of those whose subject
 * matches `subject` when given (scheduled reminders may arrive at any moment).
 */
export async function latestMailTo(address: string, subject?: RegExp): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(
      async () => {
        const response = await fetch(MAIL_URL);
        const mails = (await response.json()) as Mail[];
        found = mails.filter((mail) => mail.to.toLowerCase().includes(address.toLowerCase()) && (!subject || subject.test(mail.subject))).at(-1);
        return Boolean(found);
      },
      { message: `an email to ${address}`, timeout: 15_000 },
    )
    .toBe(true);
  return found!;
}

/** A unique address per run, so tests never collide with seeded people or earlier runs. */
export const uniqueEmail = (prefix: string) => `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@e2e.pilot.test`;

const KYIV_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv', year: 'numeric', month: '2-digit', day: '2-digit' });
/** A date (YYYY-MM-DD) in Kyiv, `days` from now, as the product counts days (not UTC's). */
export const kyivDate = (days = 0) => KYIV_DATE.format(new Date(Date.now() + days * 86_400_000));
