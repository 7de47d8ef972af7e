import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { BASE_URL, PORT } from './constants.ts';
import { login, open } from './support.ts';

/**
 * The web tier on its own, as the `web` image runs it in Kubernetes and Compose: adapter-node's
 * server (`node build/index.js`) renders the pages and reaches the API over HTTP at
 * API_INTERNAL_URL (here the e2e stack). The browser's requests carry what the ingress adds:
 * X-Forwarded-Proto and X-Forwarded-For.
 */
const WEB_PORT = PORT + 7;
const WEB_URL = `http://localhost:${WEB_PORT}`;
const CLIENT_ADDRESS = '203.0.113.7';
let web: ChildProcess;

test.beforeAll(async () => {
  web = spawn(process.execPath, ['apps/web/build/index.js'], {
    cwd: resolve(import.meta.dirname, '../..'),
    // The web image's settings (infra/docker/Dockerfile), and nothing secret.
    env: {
      PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(WEB_PORT), API_INTERNAL_URL: BASE_URL,
      PROTOCOL_HEADER: 'x-forwarded-proto', ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1',
    },
    stdio: 'ignore',
  });
  await expect.poll(() => fetch(`${WEB_URL}/healthz`).then((r) => r.status, () => 0), { timeout: 20_000 }).toBe(200);
});
test.afterAll(() => {
  web?.kill('SIGTERM');
});

test.use({ baseURL: WEB_URL, extraHTTPHeaders: { 'x-forwarded-proto': 'http', 'x-forwarded-for': CLIENT_ADDRESS } });

test('signs in and shows data from the API it reaches over HTTP, with the browser’s address', async ({ page }) => {
  await login(page, 'admin@razom.demo');
  await open(page, '/staff');
  await expect(page.getByRole('heading', { level: 1, name: 'Працівники' })).toBeVisible();
  await expect(page.getByText('manager1@razom.demo')).toBeVisible();
  // The API audits the sign-in with the address the ingress saw, passed on by the web tier.
  await open(page, '/audit?action=auth.login');
  await expect(page.getByText(CLIENT_ADDRESS).first()).toBeVisible();
});

test('answers its health check without the API', async ({ request }) => {
  const res = await request.get('/healthz');
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok' });
});

/** Starts another web tier with `apiUrl` as its API and answers how it ended, if it did within 10 s. */
function startWebTier(port: number, apiUrl: string) {
  const child = spawn(process.execPath, ['apps/web/build/index.js'], {
    cwd: resolve(import.meta.dirname, '../..'),
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), API_INTERNAL_URL: apiUrl },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => {
    child.once('exit', (code) => done(code));
    setTimeout(() => done(null), 10_000);
  });
  return { child, exited, stderr: () => stderr };
}

test('a web tier whose API_INTERNAL_URL is its own address refuses to start', async () => {
  for (const self of [`http://127.0.0.1:${WEB_PORT + 1}`, `http://localhost:${WEB_PORT + 1}`]) {
    const tier = startWebTier(WEB_PORT + 1, self);
    expect(await tier.exited).not.toBe(0);
    expect(await tier.exited).not.toBeNull();
    expect(tier.stderr()).toContain('API_INTERNAL_URL');
  }
});

test('a web tier pointed at another web tier answers at once instead of recursing', async ({ request }) => {
  const tier = startWebTier(WEB_PORT + 2, WEB_URL);
  try {
    await expect.poll(() => fetch(`http://localhost:${WEB_PORT + 2}/healthz`).then((r) => r.status, () => 0), { timeout: 20_000 }).toBe(200);
    const started = Date.now();
    const res = await request.get(`http://localhost:${WEB_PORT + 2}/cases`, { headers: { cookie: 'pilot_refresh=x' }, maxRedirects: 0 });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(res.status()).toBeLessThan(600);
    // The tier it reached refused the looping call and is still well.
    expect((await request.get(`${WEB_URL}/healthz`)).status()).toBe(200);
  } finally {
    tier.child.kill('SIGTERM');
  }
});
