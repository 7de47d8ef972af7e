import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS, startTestApp, type TestApp, kyivDate } from './harness.ts';
import { DEMO_CASE_IDS } from '../src/seeders/demo-cases.ts';

const R = DEMO_CASE_IDS.razom;
const M1 = 'manager1@razom.demo';
const SUP = 'supervisor@razom.demo';
const today = () => kyivDate();

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

const consent = (providerId: string | null) => ({
  method: 'written', givenOn: today(), purposes: ['case_management', 'referral'],
  recipients: [{ providerId, organisation: 'БФ «Надія»', dataCategories: ['identity', 'contacts'] }],
});
const record = (payload: unknown) => t.as(M1, { method: 'POST', url: `/api/v1/beneficiaries/${R.powWife}/consents`, payload: payload as object });
const consentRows = async () => (await t.sql(`select id from consent where beneficiary_id = $1`, [R.powWife])).length;

describe('consent recipients', () => {
  it('names a provider that exists, or none', async () => {
    expect((await record(consent(DEMO_IDS.nadiya))).statusCode).toBe(201);
    const none = await record({ ...consent(null), recipients: [{ organisation: 'Центр правової допомоги', dataCategories: ['identity'] }] });
    expect(none.statusCode).toBe(201);
    expect(none.json().recipients[0].providerId).toBeNull();
  });

  it('refuses any other id with 400 naming the field, and records nothing', async () => {
    const before = await consentRows();
    // The probe's case: a case id (a valid UUID, not a provider), then an id nothing has.
    for (const id of [R.powCase, '01930000-0000-7000-8000-00000000dead']) {
      const res = await record({ ...consent(DEMO_IDS.nadiya), recipients: [consent(DEMO_IDS.nadiya).recipients[0], consent(id).recipients[0]] });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.recipients.1.providerId']);
    }
    expect(await consentRows()).toBe(before);
  });

  it('refuses it at intake too, naming the consent inside the body, and opens no case', async () => {
    const cases = (await t.sql(`select id from support_case`)).length;
    const res = await t.as(SUP, {
      method: 'POST', url: '/api/v1/cases',
      payload: {
        categories: ['serving'], confirmNew: true, consent: consent(R.powCase),
        beneficiary: { lastName: 'Перевірка', firstName: 'Згоди', birthDate: '1990-01-01', phones: ['0671110099'], categories: ['serving'] },
      },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.consent.recipients.0.providerId']);
    expect((await t.sql(`select id from support_case`)).length).toBe(cases);
  });
});
