import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS, startTestApp, type TestApp } from './harness.ts';
import { addDays } from '@pilot/domain';
import { today } from '../src/lib/clock.ts';

const COORD = 'coordinator@minsoc.demo';
let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

const decide = (providerId: string, payload: object, who = COORD) =>
  t.as(who, { method: 'POST', url: `/api/v1/providers/${providerId}/accreditation`, payload });
const read = (providerId: string, who = COORD) => t.as(who, { method: 'GET', url: `/api/v1/providers/${providerId}/accreditation` });

describe('accreditation', () => {
  it('shows the decision in force, flags one ending within 30 days', async () => {
    const res = await read(DEMO_IDS.razom);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'accredited', decisionNumber: 'МСП-2024/117', validUntil: addDays(today(() => new Date()), 20), flag: 'expiring', receivesReferrals: true,
      history: [{ action: 'accredit', fromStatus: 'pending', toStatus: 'accredited' }],
    });
    const expiring = await t.as(COORD, { method: 'GET', url: '/api/v1/providers?accreditation=expiring' });
    expect(expiring.json().items.map((p: { id: string }) => p.id)).toEqual([DEMO_IDS.razom]);
    expect((await read(DEMO_IDS.nadiya)).json().flag).toBeNull();
  });

  it('suspends with a reason, tells the provider, and keeps the history', async () => {
    const res = await decide(DEMO_IDS.nadiya, { action: 'suspend', decisionNumber: 'МСП-2026/301', decisionDate: '2026-11-02', reason: 'Порушення строків звітності' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'suspended', receivesReferrals: false, decisionNumber: 'МСП-2026/301' });
    expect(res.json().history.map((h: { toStatus: string }) => h.toStatus)).toEqual(['suspended', 'accredited']);
    expect(await t.sql(`select 1 from pgboss.job where name = 'email.send' and data->>'to' = 'info@nadiya.demo' and data->>'text' like '%МСП-2026/301%'`)).toHaveLength(1);
    const [provider] = await t.sql<{ accreditation_status: string }>(`select accreditation_status from provider where id = $1`, [DEMO_IDS.nadiya]);
    expect(provider!.accreditation_status).toBe('suspended');
    const twice = await decide(DEMO_IDS.nadiya, { action: 'suspend', decisionNumber: 'МСП-2026/302', decisionDate: '2026-11-03', reason: 'ще раз' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('invalid_transition');
  });

  it('accredits a revoked provider only on a new decision', async () => {
    const revoked = await decide(DEMO_IDS.nadiya, { action: 'revoke', decisionNumber: 'МСП-2026/310', decisionDate: '2026-11-10', reason: 'Невідповідність критеріям' });
    expect(revoked.json().status).toBe('revoked');
    const sameDecision = await decide(DEMO_IDS.nadiya, { action: 'accredit', decisionNumber: 'МСП-2025/042', decisionDate: '2026-11-12', validFrom: '2026-11-12', validUntil: '2027-11-11' });
    expect(sameDecision.statusCode).toBe(409);
    expect(sameDecision.json().code).toBe('new_decision_required');
    const older = await decide(DEMO_IDS.nadiya, { action: 'accredit', decisionNumber: 'МСП-2026/299', decisionDate: '2026-11-01', validFrom: '2026-11-12', validUntil: '2027-11-11' });
    expect(older.statusCode).toBe(409);
    expect(older.json().code).toBe('new_decision_required');
    const fresh = await decide(DEMO_IDS.nadiya, { action: 'accredit', decisionNumber: 'МСП-2026/320', decisionDate: '2026-11-20', validFrom: '2026-11-21', validUntil: '2027-11-20' });
    expect(fresh.statusCode).toBe(201);
    expect(fresh.json()).toMatchObject({ status: 'accredited', validFrom: '2026-11-21', validUntil: '2027-11-20', receivesReferrals: true });
    expect(fresh.json().history).toHaveLength(4);
  });

  it('answers bad decisions with 400 naming the field', async () => {
    const cases: [object, string][] = [
      [{ action: 'accredit', decisionNumber: '1', decisionDate: '2026-11-01', validFrom: '2026-11-01', validUntil: '2026-10-01' }, 'body.validUntil'],
      [{ action: 'suspend', decisionNumber: '1', decisionDate: '2026-11-01' }, 'body.reason'],
      [{ action: 'suspend', decisionNumber: '1', decisionDate: addDays(today(() => new Date()), 5), reason: 'x' }, 'body.decisionDate'],
      [{ action: 'extend', decisionNumber: '1', decisionDate: '2026-11-01' }, 'body.action'],
    ];
    for (const [payload, path] of cases) {
      const res = await decide(DEMO_IDS.razom, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
  });

  it('lets a provider’s staff read their own accreditation only; only the ministry decides', async () => {
    expect((await read(DEMO_IDS.razom, 'admin@razom.demo')).statusCode).toBe(200);
    expect((await read(DEMO_IDS.razom, 'supervisor@razom.demo')).statusCode).toBe(200);
    expect((await read(DEMO_IDS.nadiya, 'admin@razom.demo')).statusCode).toBe(404);
    expect((await read(DEMO_IDS.razom, 'manager1@razom.demo')).statusCode).toBe(404);
    expect((await read(DEMO_IDS.razom, 'unit1@army.demo')).statusCode).toBe(404);
    expect((await read(DEMO_IDS.nadiya, 'operator@pilot.demo')).statusCode).toBe(200);
    const payload = { action: 'suspend', decisionNumber: 'X-1', decisionDate: '2026-11-01', reason: 'x' };
    for (const who of ['operator@pilot.demo', 'admin@razom.demo']) expect((await decide(DEMO_IDS.razom, payload, who)).statusCode, who).toBe(404);
  });

  it('routes no new referrals to a provider that is not accredited, which keeps its cases; its units need reassignment', async () => {
    // Unit 3 is served by Nadiya (demo). Nadiya was revoked and accredited again above: suspend it.
    const referral = {
      subject: 'family_member', person: { lastName: 'Тестова', firstName: 'Тетяна', phone: '067 765 43 21', relation: 'spouse' },
      serviceMember: { fullName: 'Іван Тестов', status: 'in_captivity' }, categories: ['family_of_pow'], needs: 'Документи.',
      urgency: 'urgent', consent: { given: true, method: 'verbal' },
    };
    const refer = () => t.as('unit3@army.demo', { method: 'POST', url: '/api/v1/my-unit/referrals', payload: referral });
    expect((await refer()).statusCode).toBe(201);
    const suspended = await decide(DEMO_IDS.nadiya, { action: 'suspend', decisionNumber: 'МСП-2026/330', decisionDate: '2026-11-22', reason: 'Перевірка' });
    expect(suspended.statusCode).toBe(201);
    const refused = await refer();
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('provider_not_accredited');
    const overview = (await t.as(COORD, { method: 'GET', url: '/api/v1/pilot/overview' })).json();
    expect(overview.unitsNeedingReassignment).toEqual([expect.objectContaining({ id: DEMO_IDS.units[2], provider: { id: DEMO_IDS.nadiya, name: 'БФ «Надія»', accreditationStatus: 'suspended' } })]);
    // Full access to its existing cases and referrals.
    const cases = await t.as('supervisor@nadiya.demo', { method: 'GET', url: '/api/v1/cases' });
    expect(cases.statusCode).toBe(200);
    expect(cases.json().items.length).toBeGreaterThan(0);
    const inbox = await t.as('supervisor@nadiya.demo', { method: 'GET', url: '/api/v1/referrals' });
    expect(inbox.statusCode).toBe(200);
    expect(inbox.json().items.length).toBeGreaterThan(0);
    // Accredited again on a new decision: referrals flow and the unit no longer needs reassignment.
    const back = await decide(DEMO_IDS.nadiya, { action: 'accredit', decisionNumber: 'МСП-2026/331', decisionDate: '2026-11-23', validFrom: '2026-11-23', validUntil: '2027-11-22' });
    expect(back.statusCode).toBe(201);
    expect((await refer()).statusCode).toBe(201);
    expect((await t.as(COORD, { method: 'GET', url: '/api/v1/pilot/overview' })).json().unitsNeedingReassignment).toEqual([]);
  });

  it('keeps decisions as history: the app role cannot change or delete them', async () => {
    const em = t.orm.em.fork();
    await expect(em.execute(`update accreditation_decision set reason = 'x'`)).rejects.toThrow(/permission denied/);
    await expect(em.execute(`delete from accreditation_decision`)).rejects.toThrow(/permission denied/);
  });
});
