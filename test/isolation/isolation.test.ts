import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../apps/api/test/harness.ts';
import { ACTORS, fingerprint, otherTenant, type ActorRole, type OtherTenant } from './fixtures.ts';
import { ROUTES } from './routes.ts';

/**
 * Tenant isolation across the whole API: every route, as every role of the home side, aimed at
 * the other provider. Another provider's resource answers 404 (never 403: existence is not
 * confirmed), no answer carries the other provider's data, and none of their rows change.
 */
let t: TestApp;
let other: OtherTenant;
let before: string;
let documented: string[];

beforeAll(async () => {
  t = await startTestApp();
  other = await otherTenant(t);
  before = await fingerprint(t, other.providerId);
  const doc = (await t.app.inject('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
  documented = Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api/v1/'))
    .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
});
afterAll(async () => { await t?.close(); });

const roles = Object.keys(ACTORS) as ActorRole[];
const NOT_FOUND = { type: 'urn:pilot:problem:not_found', title: 'Not Found', status: 404, code: 'not_found', detail: 'Not found' };

describe('the isolation suite', () => {
  it('classifies every route of the OpenAPI document, and only those', () => {
    expect(documented.filter((r) => !ROUTES[r]), 'routes missing from test/isolation/routes.ts').toEqual([]);
    expect(Object.keys(ROUTES).filter((r) => !documented.includes(r)), 'entries for routes that no longer exist').toEqual([]);
  });

  for (const [route, spec] of Object.entries(ROUTES)) {
    if (spec.kind === 'public') continue;
    const method = route.split(' ')[0]!;
    it(`${route}: every role, the other provider's ids`, async () => {
      for (const role of roles) {
        const { url, payload } = spec.request(other);
        const res = await t.as(ACTORS[role], { method: method as 'GET', url, ...(payload !== undefined ? { payload: payload as object } : {}) });
        const who = `${role} → ${route}`;
        expect(res.statusCode, who).toBeLessThan(500);
        if (spec.kind === 'target' && !spec.crossTenant?.includes(role)) {
          expect(res.statusCode, `${who}: ${res.body}`).toBe(404);
          // One not-found body for every refused id: no detail tells which record exists.
          const { instance: _instance, ...body } = res.json();
          expect(body, who).toEqual(NOT_FOUND);
        }
        for (const s of other.sentinels) expect(res.body.includes(s), `${who} leaked ${s}`).toBe(false);
      }
    });
  }

  it('left every row of the other provider as it was', async () => {
    expect(await fingerprint(t, other.providerId)).toBe(before);
  });
});
