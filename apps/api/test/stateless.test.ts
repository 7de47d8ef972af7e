import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { initOrm, type Orm } from '../src/db/orm.ts';
import { DEMO_PASSWORD, startTestApp, type TestApp } from './harness.ts';
import { QUEUES } from '../src/jobs/queues.ts';

/**
 * The API scales out: two instances on one database behave as one. Sessions, refresh tokens,
 * sign-in lockout and idempotency keys live in PostgreSQL, not in a process.
 */
let t: TestApp;
let other: FastifyInstance;
let otherOrm: Orm;
beforeAll(async () => {
  t = await startTestApp();
  otherOrm = await initOrm({ url: t.config.DATABASE_URL, poolMax: 2 });
  other = await buildApp(t.config, { orm: otherOrm, logger: false });
  await other.ready();
});
afterAll(async () => {
  await other?.close();
  await otherOrm?.close();
  await t?.close();
});

const login = (app: FastifyInstance, email: string, password = DEMO_PASSWORD) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

describe('several API instances', () => {
  it('accept each other’s access tokens and rotate each other’s refresh tokens', async () => {
    const first = await login(t.app, 'manager2@razom.demo');
    expect(first.statusCode).toBe(200);
    const me = await other.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${first.json().accessToken}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().email).toBe('manager2@razom.demo');

    const cookie = first.cookies.find((c) => c.name === 'pilot_refresh')!.value;
    const refreshed = await other.inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies: { pilot_refresh: cookie } });
    expect(refreshed.statusCode).toBe(200);
    // The rotated token is spent everywhere, not only on the instance that rotated it.
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies: { pilot_refresh: cookie } });
    expect(again.statusCode).toBe(401);
  });

  it('see a logout at once', async () => {
    const res = await login(t.app, 'manager1@razom.demo');
    const headers = { authorization: `Bearer ${res.json().accessToken}` };
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers })).statusCode).toBe(204);
    const after = await other.inject({ method: 'GET', url: '/api/v1/me', headers });
    expect(after.statusCode).toBe(401);
  });

  it('share the sign-in lockout', async () => {
    for (let i = 0; i < 5; i++) await login(i % 2 ? t.app : other, 'manager2@nadiya.demo', 'wrong-password-guess');
    const locked = await login(other, 'manager2@nadiya.demo');
    expect(locked.statusCode).toBe(429);
  });

  it('replay one answer per Idempotency-Key, whichever instance gets the retry', async () => {
    const token = await t.token('admin@nadiya.demo');
    const request = {
      method: 'POST' as const, url: '/api/v1/staff',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'two-instances-1' },
      payload: { email: 'twice@nadiya.demo', fullName: 'Двічі Надіслана', roles: ['case_manager'] },
    };
    const a = await t.app.inject(request);
    const b = await other.inject(request);
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.json().id).toBe(a.json().id);
    expect(await t.sql(`select id from user_account where email = 'twice@nadiya.demo'`)).toHaveLength(1);
  });

  it('answer the pilot report from the same published run, and both see a new publish at once', async () => {
    // Each instance caches the views it built (ADR 15), keyed by the run it reads per request.
    const token = await t.token('coordinator@minsoc.demo');
    const read = async (app: FastifyInstance) => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/reports/pilot', headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode).toBe(200);
      return res.json();
    };
    const publish = async () => {
      expect((await t.as('coordinator@minsoc.demo', { method: 'POST', url: '/api/v1/reports/refresh', payload: {} })).statusCode).toBe(202);
      expect(await t.app.jobs.runOnce(QUEUES.reportsRefresh)).toBe(true);
    };
    await publish();
    const first = await read(t.app);
    expect(first.refreshedAt).not.toBeNull();
    expect(await read(other)).toEqual(first);
    await publish();
    const second = await read(other);
    expect(second.refreshedAt).not.toBe(first.refreshedAt);
    expect(await read(t.app)).toEqual(second);
  });
});
