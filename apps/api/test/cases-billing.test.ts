import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS, startTestApp, type TestApp, kyivDate } from './harness.ts';
import { FAKE_PRICES, FakeStripe } from '../src/dev/fake-stripe.ts';
import { DEMO_CASE_IDS } from '../src/seeders/demo-cases.ts';

/** Billing restricts new cases, never the work on existing ones (against the local fake Stripe). */
const SECRET_KEY = 'sk_test_pilotcases123';
let t: TestApp;
let fake: FakeStripe;

beforeAll(async () => {
  fake = await new FakeStripe({ secretKey: SECRET_KEY, webhookSecret: 'whsec_pilotcases123', prices: FAKE_PRICES }).start();
  t = await startTestApp({
    STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: 'whsec_pilotcases123', STRIPE_PRICE_MONTHLY: 'price_test_monthly',
    STRIPE_PRICE_YEARLY: 'price_test_yearly', STRIPE_API_BASE: fake.url,
  });
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('billing and cases', () => {
  it('a restricted provider opens no new case at intake, yet goes on working its open cases', async () => {
    const revoke = await t.as('operator@pilot.demo', { method: 'DELETE', url: `/api/v1/billing/providers/${DEMO_IDS.razom}/pilot` });
    expect(revoke.statusCode, revoke.body).toBe(200);
    const before = Number((await t.sql<{ n: string }>(`select count(*) as n from support_case`))[0]!.n);
    const res = await t.as('manager1@razom.demo', { method: 'POST', url: '/api/v1/cases', payload: {
      categories: ['wounded'], beneficiary: { lastName: 'Новенький', firstName: 'Іван', birthDate: '1999-09-09' },
    } });
    expect(res.statusCode).toBe(402);
    expect(res.json().code).toBe('billing_restricted');
    expect(Number((await t.sql<{ n: string }>(`select count(*) as n from support_case`))[0]!.n)).toBe(before);
    expect(await t.sql(`select 1 from beneficiary where last_name = 'Новенький'`)).toHaveLength(0);

    const m = (await t.sql<{ id: string }>(`select id from measure where code = 'M08'`))[0]!.id;
    const work = await t.as('manager1@razom.demo', { method: 'POST', url: `/api/v1/cases/${DEMO_CASE_IDS.razom.powCase}/deliveries`, payload: {
      measureId: m, deliveredOn: kyivDate(), durationMinutes: 30, mode: 'phone', outcome: 'Дзвінок',
    } });
    expect(work.statusCode, work.body).toBe(201);
    // The other provider, still on the pilot plan, is not affected.
    const nadiya = await t.as('manager1@nadiya.demo', { method: 'POST', url: '/api/v1/cases', payload: {
      categories: ['wounded'], beneficiary: { lastName: 'Новенький', firstName: 'Петро', birthDate: '1998-08-08' },
    } });
    expect(nadiya.statusCode, nadiya.body).toBe(201);
  });
});
