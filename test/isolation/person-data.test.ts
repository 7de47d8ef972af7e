import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../apps/api/test/harness.ts';
import { decrypt } from '../../apps/api/src/lib/crypto.ts';
import { QUEUES } from '../../apps/api/src/jobs/queues.ts';
import { ACTORS } from './fixtures.ts';
import { otherTenant, type OtherTenant } from './fixtures.ts';
import { ROUTES } from './routes.ts';

/**
 * The ministry and the platform see aggregates only (domain.md): no endpoint they can call
 * returns a person's name, document, note, phone, RNOKPP or free text about a person. Two
 * checks over every GET route of the API, as both roles, with the ids they can reach:
 * - the data: no answer contains any person-level value of either provider's demo families;
 * - the schema: no response property is named like person-level data, unless it is listed
 *   below with the reason it is not about a person served.
 */
const WATCHERS = ['ministry_coordinator', 'platform_operator'] as const;

/** Response properties named like person data that are not about the people served. */
const ALLOWED: Record<string, string> = {
  fullName: 'the signed-in user’s own name (/me), centre members (officials) and staff lists',
  email: 'the user’s own address, organisations’ and officials’ addresses',
  contactEmail: 'a provider’s organisation address',
  contactPhone: 'a provider’s organisation phone',
  phone: 'the signed-in user’s own phone (/me)',
  actorName: 'staff who acted, in the audit log',
  assigneePerson: 'the official an instruction is assigned to',
  assigneeEmail: 'the official an instruction is assigned to',
  name: 'organisations, units, places, measures, report nodes',
  nameUk: 'catalogue entries', nameEn: 'catalogue entries',
  summary: 'an instruction’s execution report by an organisation (not about a person)',
  discussion: 'the discussion of a coordination meeting’s agenda issue',
  decisions: 'the decisions of a coordination meeting',
  reason: 'reasons of ministry decisions on providers',
  providerName: 'an organisation', centreName: 'a coordination centre',
  outcome: 'a Stripe webhook event’s processing outcome (operator)',
  documents: 'a playbook’s document checklist (a template, not a person’s documents)',
  note: 'a coordination meeting’s note on a work plan item',
  measureNameUk: 'a catalogue measure', measureNameEn: 'a catalogue measure',
  body: 'the user’s own in-app notifications: their texts name units and providers (the data check covers them)',
};
const PERSON_WORDS = /^(full_?name|first_?name|last_?name|patronymic|beneficiary.*|person.*|rnokpp.*|phones?|birth.*|note|notes|body|documents?|file_?name|address|outcome|needs|referrer.*|email|.*Name|.*Phone)$/i;

let t: TestApp;
let other: OtherTenant;
let sentinels: string[];
let doc: { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>> };

beforeAll(async () => {
  t = await startTestApp();
  other = await otherTenant(t);
  // Reports computed over the demo families, so report endpoints answer with real numbers.
  await t.as(ACTORS.ministry_coordinator, { method: 'POST', url: '/api/v1/reports/refresh', payload: {} });
  await t.app.jobs.runOnce(QUEUES.reportsRefresh);
  const people = await t.sql<{ full_name: string; last_name: string; first_name: string; rnokpp: string | null; phones: string[]; address: string | null }>(
    `select full_name, last_name, first_name, rnokpp, phones, address from beneficiary`);
  const notes = await t.sql<{ body: string }>(`select body from case_note where length(body) > 12`);
  const outcomes = await t.sql<{ outcome: string }>(`select distinct outcome from service_delivery where length(outcome) > 12`);
  sentinels = [
    ...people.flatMap((p) => [p.full_name, ...p.phones, ...(p.address ? [p.address] : []), ...(p.rnokpp ? [p.rnokpp, decrypt(t.config.keyring, p.rnokpp)] : [])]),
    ...notes.map((n) => n.body), ...outcomes.map((o) => o.outcome),
  ];
  expect(sentinels.length).toBeGreaterThan(20);
  doc = (await t.app.inject('/api/openapi.json')).json();
});
afterAll(async () => { await t?.close(); });

/** Property names anywhere in a JSON schema. */
function propertyNames(schema: unknown, out = new Set<string>()): Set<string> {
  if (!schema || typeof schema !== 'object') return out;
  const s = schema as Record<string, unknown>;
  if (s.properties && typeof s.properties === 'object') {
    for (const [k, v] of Object.entries(s.properties)) {
      out.add(k);
      propertyNames(v, out);
    }
  }
  for (const key of ['items', 'additionalProperties', 'anyOf', 'oneOf', 'allOf']) {
    const v = s[key];
    if (Array.isArray(v)) v.forEach((x) => propertyNames(x, out));
    else propertyNames(v, out);
  }
  return out;
}

describe('aggregates only for the ministry and the platform', () => {
  const gets = Object.entries(ROUTES).filter(([route, spec]) => route.startsWith('GET ') && spec.kind !== 'public');

  it('finds routes to check, and would see person data where it is shown', async () => {
    expect(gets.length).toBeGreaterThan(30);
    // The same check on a provider's own case list finds its people: the sentinels are real.
    const cases = await t.as('supervisor@razom.demo', { method: 'GET', url: '/api/v1/cases?limit=200' });
    expect(sentinels.some((s) => cases.body.includes(s))).toBe(true);
  });

  for (const [route, spec] of gets) {
    it(`${route}: no person-level data in what the ministry or the platform gets`, async () => {
      if (spec.kind === 'public') return;
      const { url } = spec.request(other);
      for (const role of WATCHERS) {
        const res = await t.as(ACTORS[role], { method: 'GET', url });
        expect(res.statusCode, `${role} ${route}`).toBeLessThan(500);
        if (res.statusCode !== 200) continue;
        const body = res.body;
        for (const s of sentinels) expect(body.includes(s), `${role} ${route} returned “${s}”`).toBe(false);
        const path = route.slice(4);
        const schema = doc.paths[path]?.get?.responses?.['200']?.content?.['application/json']?.schema;
        for (const name of propertyNames(schema)) {
          if (ALLOWED[name]) continue;
          expect(PERSON_WORDS.test(name), `${role} ${route}: response property “${name}” looks like person data`).toBe(false);
        }
      }
    });
  }
});
