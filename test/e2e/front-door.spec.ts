import { expect, test } from '@playwright/test';
import { request as httpRequest } from 'node:http';
import { PORT } from './constants.ts';
import { apiLogin, login, open } from './support.ts';

/**
 * The front door: the server answers every page request quickly whatever Host it claims (the
 * web app calls the API in-process, so no Host can send it back into itself), a person browsing
 * fast never sees a 5xx, and a person over the limit is told when to try again.
 */
interface Answer { status: number; ms: number; headers: Record<string, string | string[] | undefined>; body: string }

/** A raw request, so Host and X-Forwarded-Host can be anything (fetch would not send them). */
function get(path: string, headers: Record<string, string>, localAddress = '127.0.0.1'): Promise<Answer> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: PORT, path, headers, localAddress, timeout: 5_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Date.now() - started, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer to ${path} within 5 s`)));
    req.on('error', reject);
    req.end();
  });
}

const HOSTS = [`127.0.0.1:${PORT}`, `localhost:${PORT}`, `[::1]:${PORT}`, 'evil.example'];
const COOKIES = [undefined, 'pilot_refresh=x', 'pilot_access=not-a-token; pilot_refresh=x'];
const FORWARDED: Record<string, string>[] = [{}, { 'x-forwarded-host': 'evil.example' }];

test('every page request is answered within a second whatever its Host, and the API stays up', async ({ request }) => {
  const { authorization } = await apiLogin(request, 'manager1@razom.demo');
  const signedIn = `pilot_access=${authorization.slice('Bearer '.length)}`;
  for (const host of HOSTS) {
    for (const cookie of [...COOKIES, signedIn]) {
      for (const path of ['/', '/login', '/cases']) {
        for (const extra of FORWARDED) {
          const answer = await get(path, { host, ...(cookie ? { cookie } : {}), ...extra });
          expect(answer.status, `${path} Host: ${host} cookie: ${cookie}`).toBeLessThan(500);
          expect(answer.ms, `${path} Host: ${host} cookie: ${cookie}`).toBeLessThan(1_000);
        }
      }
    }
    expect((await get('/api/health', { host })).status).toBe(200);
  }
});

test('a page served for an unknown Host carries the configured origin, not the claimed one', async () => {
  const answer = await get('/login', { host: 'evil.example' });
  expect(answer.status).toBe(200);
  expect(answer.body).not.toContain('evil.example');
});

test('a person browsing 120 pages in a minute never sees a server error', async ({ page }) => {
  // 120 pages take about a minute on a quiet machine; a busy one may need longer (no timing asserted).
  test.setTimeout(240_000);
  await login(page, 'supervisor@razom.demo');
  const paths = ['/', '/cases', '/referrals', '/staff', '/notifications', '/account'];
  const failures: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 500) failures.push(`${r.status()} ${r.url()}`);
  });
  for (let i = 0; i < 120; i++) {
    const response = await page.goto(paths[i % paths.length]!, { waitUntil: 'domcontentloaded' });
    expect(response?.status(), paths[i % paths.length]).toBeLessThan(500);
  }
  expect(failures).toEqual([]);
  await open(page, '/cases');
  await expect(page.locator('main h1')).toBeVisible();
});

test('over the page-view limit a person is told to wait and for how long, in their language', async () => {
  // From an address of its own (127.0.0.2), so the rest of the suite keeps its budget.
  let answer: Answer | undefined;
  for (let i = 0; i < 2_000 && answer?.status !== 429; i++) answer = await get('/login', { host: `localhost:${PORT}` }, '127.0.0.2');
  expect(answer!.status).toBe(429);
  const wait = Number(answer!.headers['retry-after']);
  expect(wait).toBeGreaterThan(0);
  expect(answer!.body).toContain('Забагато запитів');
  expect(answer!.body).toMatch(/Спробуйте ще раз через \d+ с\./);
  const english = await get('/login', { host: `localhost:${PORT}`, cookie: 'PARAGLIDE_LOCALE=en' }, '127.0.0.2');
  expect(english.status).toBe(429);
  expect(english.body).toMatch(/Try again in \d+ s\./);
});
