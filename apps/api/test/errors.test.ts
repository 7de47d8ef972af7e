import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.ts';
import { Provider } from '../src/modules/providers/entities.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ BODY_LIMIT_BYTES: '2048' });
});
afterAll(async () => { await t?.close(); });

const problem = (res: { statusCode: number; headers: Record<string, unknown>; json(): any }) => {
  expect(res.headers['content-type']).toContain('application/problem+json');
  return res.json();
};

describe('problem+json for bad input', () => {
  it('names every invalid field (unknown, wrong type, out of range)', async () => {
    const res = await t.as('operator@pilot.demo', {
      method: 'POST', url: '/api/v1/providers',
      payload: { name: 'X', edrpou: '12345670', oblastCode: 'nowhere', contactEmail: 'not-an-email', contactPhone: '12', admin: { email: 'a@b.demo', fullName: 'A' }, extra: true },
    });
    expect(res.statusCode).toBe(400);
    const paths = problem(res).errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.edrpou', 'body.oblastCode', 'body.contactEmail', 'body.contactPhone', 'body.extra']));
    const q = await t.as('operator@pilot.demo', { method: 'GET', url: '/api/v1/providers?limit=500' });
    expect(q.statusCode).toBe(400);
    expect(problem(q).errors[0].path).toBe('querystring.limit');
  });

  it('answers malformed JSON 400, a wrong content type 415 and a body over the limit 413', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: '{"email":', headers: { 'content-type': 'application/json' } });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).code).toBe('malformed_json');
    const type = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: 'email=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(type.statusCode).toBe(415);
    problem(type);
    const big = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@b.demo', password: 'x'.repeat(5000) } });
    expect(big.statusCode).toBe(413);
    problem(big);
  });

  it('answers an unknown route 404 and a bad id 400', async () => {
    expect(problem(await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' })).status).toBe(404);
    const id = await t.as('operator@pilot.demo', { method: 'GET', url: '/api/v1/providers/not-a-uuid' });
    expect(id.statusCode).toBe(400);
    expect(problem(id).errors[0].path).toBe('params.id');
  });

  it('answers a rejected cursor with 400 naming it', async () => {
    const res = await t.as('operator@pilot.demo', { method: 'GET', url: '/api/v1/providers?cursor=garbage' });
    expect(res.statusCode).toBe(400);
    expect(problem(res).errors[0].path).toBe('query.cursor');
  });
});

describe('failures', () => {
  it('keep internals out of 500 bodies and write nothing', async () => {
    const fresh = await startTestApp();
    try {
      // A route that writes, then fails: the write must not survive.
      const { buildApp } = await import('../src/app.ts');
      const app = await buildApp(fresh.config, { orm: fresh.orm, logger: false });
      app.post('/api/v1/test/boom', { config: { access: 'providers.manage' } }, async (req) => {
        req.em.create(Provider, { name: 'Half-written', edrpou: '00132397x', oblastCode: 'x', contactEmail: 'x', contactPhone: 'x' });
        await req.em.flush();
        throw new Error('secret internal detail at /srv/app.ts:42');
      });
      await app.ready();
      const token = await fresh.token('operator@pilot.demo');
      const res = await app.inject({ method: 'POST', url: '/api/v1/test/boom', headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toContain('secret internal detail');
      expect(res.body).not.toContain('app.ts');
      expect(problem(res).code).toBe('internal_error');
      expect(await fresh.sql(`select 1 from provider where name = 'Half-written'`)).toEqual([]);
      await app.close();
    } finally {
      await fresh.close();
    }
  });
});

describe('optimistic locking', () => {
  it('refuses a stale version with 409', async () => {
    const em = t.orm.em.fork();
    const a = await em.findOneOrFail(Provider, { edrpou: '00132397' });
    await t.sql(`update provider set name = name || ' ', version = version + 1 where edrpou = '00132397'`);
    a.contactPhone = '+380441111111';
    await expect(em.flush()).rejects.toThrow(/optimistic lock/i);
  });
});

describe('text that cannot be stored', () => {
  it('refuses NUL characters with a 400 naming the field', async () => {
    const res = await t.as('manager1@razom.demo', { method: 'PATCH', url: '/api/v1/me', payload: { fullName: 'Ім\u0000я' } });
    expect(res.statusCode).toBe(400);
    expect(problem(res).errors).toEqual([{ path: 'body.fullName', message: 'Text may not contain NUL characters' }]);
  });
});
