import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../apps/api/test/harness.ts';
import { ACTORS } from '../isolation/fixtures.ts';

/**
 * The outside probe's inputs (issue 22), replayed on every operation they apply to, so a new
 * list or a new body route is covered when it is added: cursors that decode but hold the wrong
 * values, and JSON nested far deeper than any contract allows. Each must answer 400 naming the
 * field (or the refusal the caller gets anyway), never a 5xx.
 */
let t: TestApp;
let lists: string[];
let bodies: { method: string; path: string }[];

const cursor = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
/**
 * Well-formed cursors (base64url JSON arrays) whose values no list's sort key can hold: each is
 * wrong for every shape (time + id, date + id, name + id, a sequence number).
 */
const BAD_CURSORS = [
  cursor(['not-a-time', 'not-a-uuid']),
  cursor(['2026-13-45T99:00:00Z', 'zz']),
  cursor([1, 2]),
  cursor(['2026-01-01T00:00:00.000Z', 'x'.repeat(300)]),
  cursor(['99999999999999999999999']),
  cursor(['abc']),
  cursor(['2026-01-01', '\u0000']),
  cursor([{}, []]),
];

/** `depth` arrays inside each other, then a value: valid JSON that recursive code cannot walk. */
const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

beforeAll(async () => {
  t = await startTestApp({ BODY_LIMIT_BYTES: String(1 << 20) });
  const doc = (await t.app.inject('/api/openapi.json')).json() as {
    paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: unknown }>>;
  };
  const ops = Object.entries(doc.paths).filter(([p]) => p.startsWith('/api/v1/'))
    .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, op })));
  lists = ops.filter(({ method, op }) => method === 'GET' && op.parameters?.some((p) => p.in === 'query' && p.name === 'cursor'))
    .map(({ path }) => path);
  bodies = ops.filter(({ op }) => op.requestBody).map(({ method, path }) => ({ method, path }));
});
afterAll(async () => { await t?.close(); });

/** Path parameters get an id nothing has: the cursor is refused before the id is looked up. */
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, '01930000-0000-7000-8000-00000000dead');

describe('the probe’s inputs on every operation', () => {
  it('finds the list routes the probe hit', () => {
    for (const p of ['/api/v1/referrals', '/api/v1/audit', '/api/v1/notifications', '/api/v1/staff', '/api/v1/my-unit/referrals',
      '/api/v1/coordination/instructions', '/api/v1/transfers', '/api/v1/escalations', '/api/v1/cases']) expect(lists).toContain(p);
  });

  it('answers a well-formed cursor holding bad values 400 naming `cursor`, as every role, on every list', async () => {
    const failures: string[] = [];
    for (const path of lists) {
      for (const email of Object.values(ACTORS)) {
        for (const c of BAD_CURSORS) {
          const url = `${concrete(path)}?cursor=${c}`;
          const res = await t.as(email, { method: 'GET', url });
          // A caller the route refuses is refused as before; everyone else learns what was wrong.
          if ([401, 403, 404].includes(res.statusCode)) continue;
          const body = res.json();
          if (res.statusCode !== 400 || !body.errors?.some((e: { path: string }) => /^query(string)?\.cursor$/.test(e.path))) {
            failures.push(`${email} GET ${path} ${JSON.stringify(Buffer.from(c, 'base64url').toString()).slice(0, 80)} → ${res.statusCode} ${res.body.slice(0, 120)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('answers JSON nested 50,000 deep 400 on every route with a body, before and after signing in', async () => {
    const failures: string[] = [];
    const token = await t.token(ACTORS.supervisor);
    for (const { method, path } of bodies) {
      for (const headers of [{}, { authorization: `Bearer ${token}` }]) {
        for (const payload of [nested(50_000), `{"a":${nested(50_000)}}`]) {
          const res = await t.app.inject({ method: method as 'POST', url: concrete(path), payload, headers: { ...headers, 'content-type': 'application/json' } });
          if (res.statusCode >= 500 || (res.statusCode === 400 && res.json().errors?.[0]?.path !== 'body')) {
            failures.push(`${method} ${path} → ${res.statusCode} ${res.body.slice(0, 160)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('answers nested JSON on sign-in with a 400 problem naming the body', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: nested(50_000), headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors[0].path).toBe('body');
  });
});
