import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { initOrm, type Orm } from '../src/db/orm.ts';
import { mountWeb } from '../src/web.ts';
import { inProcessApi } from '../src/lib/in-process.ts';
import { pruneRateLimits } from '../src/plugins/rate-limit.ts';
import { DEMO_PASSWORD, startTestApp, type TestApp } from './harness.ts';

/**
 * Rate limits see the person (the client address), are shared by every API instance through
 * PostgreSQL, and count a page once: the API calls the page makes in-process are not counted
 * again. Pages are served with an origin from configuration, whatever Host the request claims.
 */
const PAGE_HANDLER = fileURLToPath(new URL('./fixtures/page-handler.js', import.meta.url));
const LIMITS = { RATE_LIMIT_PER_MINUTE: '4', LOGIN_RATE_LIMIT_PER_MINUTE: '3', PORT: '3999', PUBLIC_URL: 'https://pilot.example.org' };

let t: TestApp;
let other: FastifyInstance;
let otherOrm: Orm;
beforeAll(async () => {
  t = await startTestApp(LIMITS);
  otherOrm = await initOrm({ url: t.config.DATABASE_URL, poolMax: 2 });
  other = await buildApp(t.config, { orm: otherOrm, logger: false });
  await mountWeb(other, PAGE_HANDLER);
  await other.ready();
});
afterAll(async () => {
  await other?.close();
  await otherOrm?.close();
  await t?.close();
});

const from = (remoteAddress: string) => ({ remoteAddress });
const wrongLogin = (app: FastifyInstance, remoteAddress: string) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nobody@pilot.demo', password: 'not-the-password' }, ...from(remoteAddress) });

describe('rate limits', () => {
  it('are one budget per address across API instances, and a 429 says when to retry', async () => {
    const answers = [];
    for (const app of [t.app, other, t.app, other]) {
      answers.push((await app.inject({ method: 'GET', url: '/api/v1/me', ...from('198.51.100.1') })).statusCode);
      // API calls are counted in memory and shared every quarter second (the flush a timer would do).
      await app.rateCounters.flush();
    }
    expect(answers).not.toContain(429);
    // The fifth call is over the limit of 4, though this instance answered only two of the others.
    const limited = await other.inject({ method: 'GET', url: '/api/v1/me', ...from('198.51.100.1') });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ status: 429, code: 'rate_limited', retryAfter: expect.any(Number) });
    // Another address is not affected.
    expect((await t.app.inject({ method: 'GET', url: '/api/health', ...from('198.51.100.2') })).statusCode).toBe(200);
  });

  it('give sign-in and token routes one stricter budget together', async () => {
    const address = '198.51.100.3';
    expect((await wrongLogin(t.app, address)).statusCode).toBe(401);
    expect((await other.inject({ method: 'POST', url: '/api/v1/auth/refresh', ...from(address) })).statusCode).toBe(401);
    expect((await wrongLogin(other, address)).statusCode).toBe(401);
    expect((await wrongLogin(t.app, address)).statusCode).toBe(429);
  });

  it('count the web app’s in-process calls by the browser’s address, sign-in included, but not against the API budget', async () => {
    const call = inProcessApi(t.app);
    const address = '198.51.100.4';
    const login = () => call(new Request('http://page.invalid/api/v1/auth/login', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'manager1@razom.demo', password: DEMO_PASSWORD }),
    }), address);
    const signedIn = await login();
    expect(signedIn.status).toBe(200);
    const { accessToken } = await signedIn.json() as { accessToken: string };
    // Ten reads, more than the API budget of 4: a page's calls are counted as its one page view.
    for (let i = 0; i < 10; i++) {
      const me = await call(new Request('http://page.invalid/api/v1/me', { headers: { authorization: `Bearer ${accessToken}` } }), address);
      expect(me.status).toBe(200);
    }
    expect((await login()).status).toBe(200);
    expect((await login()).status).toBe(200);
    const fourth = await login();
    expect(fourth.status).toBe(429);
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0);
    // The API saw the browser's address: the sign-in is audited with it.
    const [row] = await t.sql<{ ip: string }>(`select ip from audit_log where action = 'auth.login' order by at desc limit 1`);
    expect(row!.ip).toBe(address);
  });

  it('cannot be escaped by claiming to be an in-process call', async () => {
    const address = '198.51.100.5';
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { 'x-pilot-in-process': 'guess' }, ...from(address) })).statusCode);
    }
    expect(statuses).toContain(429);
  });

  it('keep no counter past its window (the prune job)', async () => {
    await t.sql(`update rate_limit_hit set window_ends = now() - interval '1 second' where key like '198.51.100.1|%'`);
    expect(await pruneRateLimits(t.orm)).toBeGreaterThan(0);
    expect(await t.sql(`select 1 from rate_limit_hit where key like '198.51.100.1|%'`)).toEqual([]);
  });
});

describe('pages served by the API’s server', () => {
  const page = (url: string, headers: Record<string, string> = {}, remoteAddress = '203.0.113.10') =>
    other.inject({ method: 'GET', url, headers, remoteAddress });

  it('take their origin from PUBLIC_URL when the Host is not one of ours, and loopback names outside production', async () => {
    for (const host of ['evil.example', '127.0.0.1:80', 'pilot.example.org.evil.example']) {
      expect((await page('/', { host })).json()).toMatchObject({ host: 'pilot.example.org', proto: 'https' });
    }
    for (const host of ['localhost:3999', '127.0.0.1:3999', '[::1]:3999']) {
      expect((await page('/', { host })).json()).toMatchObject({ host, proto: 'http' });
    }
    // A forged X-Forwarded-Host changes nothing: adapter-node reads the Host header only.
    expect((await page('/', { host: 'localhost:3999', 'x-forwarded-host': 'evil.example' })).json()).toMatchObject({ host: 'localhost:3999' });
  });

  it('reach the API in-process with the browser’s address', async () => {
    const res = await page('/calls-api', { host: 'localhost:3999' }, '203.0.113.11');
    expect(res.json()).toMatchObject({ api: 200, context: { clientAddress: '203.0.113.11' } });
  });

  it('are counted once per view, assets not at all, and over the limit carry the seconds to wait', async () => {
    const address = '203.0.113.12';
    for (let i = 0; i < 10; i++) expect((await page('/_app/immutable/start.js', {}, address)).json().context.retryAfter).toBeUndefined();
    const views = [];
    for (let i = 0; i < 5; i++) views.push((await page('/cases', {}, address)).json().context.retryAfter);
    expect(views.slice(0, 4)).toEqual([undefined, undefined, undefined, undefined]);
    expect(views[4]).toBeGreaterThan(0);
  });
});
