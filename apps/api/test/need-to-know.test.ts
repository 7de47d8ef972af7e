import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rnokppCheckDigit } from '@pilot/domain';
import { startTestApp, type TestApp } from './harness.ts';
import { DEMO_CASE_IDS } from '../src/seeders/demo-cases.ts';

/**
 * Inside one provider, a case manager learns about the people of their own caseload only
 * (issue 22): the duplicate check names no one else, and every id they may not use answers the
 * same not-found body, whichever record it points at and whether it exists.
 */
const R = DEMO_CASE_IDS.razom;
const N = DEMO_CASE_IDS.nadiya;
const SUP = 'supervisor@razom.demo';
const M1 = 'manager1@razom.demo';
const M2 = 'manager2@razom.demo';
const NOBODY = '01930000-0000-7000-8000-00000000dead';
/** Demo people: Галина Левченко is manager2's (fallen case), Оксана Гнатюк manager1's (with an RNOKPP). */
const LEVCHENKO = { lastName: 'Левченко', firstName: 'Галина', patronymic: 'Миколаївна', birthDate: '1962-01-30' };
const GNATYUK_RNOKPP = '336201234' + rnokppCheckDigit('336201234');

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

const check = (who: string, payload: object) => t.as(who, { method: 'POST', url: '/api/v1/beneficiaries/duplicates', payload });

describe('the duplicate check names only people the caller may see', () => {
  it('tells a case manager a possible duplicate exists outside their caseload, with no identity', async () => {
    const res = await check(M1, LEVCHENKO);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ matches: [], withheld: true });
    for (const leak of ['Левченко', '1962-01-30', R.fallenMother]) expect(res.body).not.toContain(leak);
  });

  it('withholds an RNOKPP match outside the caseload, also when intake is refused for it', async () => {
    const res = await check(M2, { lastName: 'Інша', firstName: 'Людина', rnokpp: GNATYUK_RNOKPP });
    expect(res.json()).toEqual({ matches: [], withheld: true });
    const open = await t.as(M2, {
      method: 'POST', url: '/api/v1/cases',
      payload: { categories: ['serving'], beneficiary: { lastName: 'Інша', firstName: 'Людина', rnokpp: GNATYUK_RNOKPP, phones: ['0671110000'], categories: ['serving'] } },
    });
    expect(open.statusCode).toBe(409);
    expect(open.json()).toMatchObject({ code: 'duplicate_rnokpp', matches: [], withheld: true });
    for (const leak of ['Гнатюк', 'Оксана', R.powWife]) expect(open.body).not.toContain(leak);
  });

  it('shows a case manager the people of their own caseload', async () => {
    const res = await check(M2, LEVCHENKO);
    expect(res.json().withheld).toBe(false);
    expect(res.json().matches).toMatchObject([{ id: R.fallenMother, fullName: 'Левченко Галина Миколаївна', birthDate: '1962-01-30', openCaseId: R.fallenCase }]);
  });

  it('shows a supervisor every match, as before', async () => {
    const res = await check(SUP, LEVCHENKO);
    expect(res.json().withheld).toBe(false);
    expect(res.json().matches.map((x: { id: string }) => x.id)).toEqual([R.fallenMother]);
  });
});

describe('one not-found answer for every id a case manager may not use', () => {
  /** The body without the request's own id. */
  const body = (res: { json(): Record<string, unknown> }) => {
    const { instance: _instance, ...rest } = res.json();
    return rest;
  };

  // manager2 may not use manager1's cases (nor their people), nor anything of the other provider.
  it('answers the same for a record of a colleague’s case, one that does not exist, and another provider’s', async () => {
    const requests = [
      { method: 'PATCH', url: (id: string) => `/api/v1/plan-steps/${id}`, ids: [R.powOverdueStep, N.powOverdueStep], payload: { status: 'done', version: 1 } },
      { method: 'GET', url: (id: string) => `/api/v1/cases/${id}`, ids: [R.powCase, N.powCase] },
      { method: 'GET', url: (id: string) => `/api/v1/cases/${id}/plan`, ids: [R.powCase, N.powCase] },
      { method: 'GET', url: (id: string) => `/api/v1/beneficiaries/${id}`, ids: [R.wounded, N.powWife] },
      { method: 'GET', url: (id: string) => `/api/v1/beneficiaries/${id}/consents`, ids: [R.wounded, N.powWife] },
    ] as const;
    const answers = new Map<string, string[]>();
    for (const r of requests) {
      for (const id of [...r.ids, NOBODY]) {
        const res = await t.as(M2, { method: r.method, url: r.url(id), ...('payload' in r ? { payload: r.payload } : {}) });
        expect(res.statusCode, `${r.method} ${r.url(id)}`).toBe(404);
        const key = JSON.stringify(body(res));
        answers.set(key, [...(answers.get(key) ?? []), `${r.method} ${r.url(id)}`]);
      }
    }
    expect([...answers.keys()], JSON.stringify([...answers])).toHaveLength(1);
  });
});
