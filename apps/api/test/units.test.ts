import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS, startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

const ministry = (opts: Parameters<TestApp['as']>[1]) => t.as('coordinator@minsoc.demo', opts);

async function newUnit(code: string, extra: Record<string, unknown> = {}) {
  const res = await ministry({ method: 'POST', url: '/api/v1/units', payload: { code, name: `Частина ${code}`, kind: 'military_unit', oblastCode: 'UA05000000000010236', ...extra } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; code: string };
}

describe('unit registry', () => {
  it('registers a unit, normalising a Latin A to the Cyrillic А', async () => {
    const unit = await newUnit('a7001');
    expect(unit.code).toBe('А7001');
    const again = await ministry({ method: 'POST', url: '/api/v1/units', payload: { code: 'А7001', name: 'Інша', kind: 'military_unit', oblastCode: 'UA05000000000010236' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('unit_code_taken');
  });

  it('names the field of a bad code', async () => {
    const res = await ministry({ method: 'POST', url: '/api/v1/units', payload: { code: 'Б12', name: 'X', kind: 'military_unit', oblastCode: 'UA05000000000010236' } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.code']);
  });

  it('answers 400, not 500, to text the database cannot store', async () => {
    const search = await ministry({ method: 'GET', url: '/api/v1/units?q=%00' });
    expect(search.statusCode).toBe(400);
    const name = await ministry({ method: 'POST', url: '/api/v1/units', payload: { code: 'А7003', name: 'Нуль\u0000', kind: 'military_unit', oblastCode: 'UA05000000000010236' } });
    expect(name.statusCode).toBe(400);
    expect(name.json().errors[0].path).toBe('body.name');
  });

  it('is written by the ministry only', async () => {
    for (const who of ['admin@razom.demo', 'supervisor@razom.demo', 'unit1@army.demo', 'operator@pilot.demo']) {
      const res = await t.as(who, { method: 'POST', url: '/api/v1/units', payload: { code: 'А7002', name: 'X', kind: 'military_unit', oblastCode: 'UA05000000000010236' } });
      expect(res.statusCode, who).toBe(403);
    }
  });

  it('shows a provider only the units it serves', async () => {
    const razom = await t.as('supervisor@razom.demo', { method: 'GET', url: '/api/v1/units' });
    expect(razom.json().items.map((u: { code: string }) => u.code)).toEqual(['А1234', 'А2345']);
    const other = await t.as('admin@razom.demo', { method: 'GET', url: `/api/v1/units/${DEMO_IDS.units[2]}` });
    expect(other.statusCode).toBe(404);
    const all = await ministry({ method: 'GET', url: '/api/v1/units?limit=200' });
    expect(all.json().items.length).toBeGreaterThanOrEqual(3);
  });
});

describe('assignments', () => {
  it('keeps history and allows at most one provider per unit on any day (database-enforced)', async () => {
    const unit = await newUnit('А7100');
    const first = await ministry({ method: 'POST', url: `/api/v1/units/${unit.id}/assignments`, payload: { providerId: DEMO_IDS.razom, startsOn: '2025-01-01' } });
    expect(first.statusCode, first.body).toBe(201);
    const overlap = await ministry({ method: 'POST', url: `/api/v1/units/${unit.id}/assignments`, payload: { providerId: DEMO_IDS.nadiya, startsOn: '2025-06-01' } });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().code).toBe('assignment_overlaps');

    const end = await ministry({ method: 'POST', url: `/api/v1/assignments/${first.json().id}/end`, payload: { endsOn: '2025-05-31' } });
    expect(end.statusCode, end.body).toBe(200);
    expect(end.json().endsOn).toBe('2025-05-31');
    const second = await ministry({ method: 'POST', url: `/api/v1/units/${unit.id}/assignments`, payload: { providerId: DEMO_IDS.nadiya, startsOn: '2025-06-01' } });
    expect(second.statusCode, second.body).toBe(201);

    const extend = await ministry({ method: 'POST', url: `/api/v1/assignments/${first.json().id}/end`, payload: { endsOn: '2025-07-01' } });
    expect(extend.statusCode).toBe(409);

    const detail = await ministry({ method: 'GET', url: `/api/v1/units/${unit.id}` });
    expect(detail.json().assignments.map((a: { provider: { id: string }; startsOn: string; endsOn: string | null }) => [a.provider.id, a.startsOn, a.endsOn]))
      .toEqual([[DEMO_IDS.nadiya, '2025-06-01', null], [DEMO_IDS.razom, '2025-01-01', '2025-05-31']]);
    expect(detail.json().currentAssignment.provider.id).toBe(DEMO_IDS.nadiya);

    // The database refuses rewriting or deleting history, even past the API.
    await expect(t.sql(`update unit_assignment set provider_id = $1 where id = $2`, [DEMO_IDS.nadiya, first.json().id])).rejects.toThrow(/never rewritten/);
    await expect(t.sql(`delete from unit_assignment where id = $1`, [first.json().id])).rejects.toThrow(/history/);
  });

  it('refuses an assignment ending before it starts, naming the field', async () => {
    const unit = await newUnit('А7101');
    const res = await ministry({ method: 'POST', url: `/api/v1/units/${unit.id}/assignments`, payload: { providerId: DEMO_IDS.razom, startsOn: '2025-05-01', endsOn: '2025-04-01' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('body.endsOn');
  });
});

describe('waves', () => {
  it('groups units, each in one wave, within the wave size', async () => {
    const wave = await ministry({ method: 'POST', url: '/api/v1/waves', payload: { name: 'Етап 9', startsOn: '2026-01-01', maxUnits: 1 } });
    expect(wave.statusCode, wave.body).toBe(201);
    const a = await newUnit('А7200');
    const b = await newUnit('А7201');
    const add = await ministry({ method: 'POST', url: `/api/v1/waves/${wave.json().id}/units`, payload: { unitId: a.id } });
    expect(add.json().units.map((u: { code: string }) => u.code)).toEqual(['А7200']);
    const full = await ministry({ method: 'POST', url: `/api/v1/waves/${wave.json().id}/units`, payload: { unitId: b.id } });
    expect(full.json().code).toBe('wave_full');
    const [wave1] = (await ministry({ method: 'GET', url: '/api/v1/waves' })).json().items;
    expect(wave1.name).toBe('Етап 1');
    const twice = await ministry({ method: 'POST', url: `/api/v1/waves/${wave1.id}/units`, payload: { unitId: a.id } });
    expect(twice.json().code).toBe('unit_in_another_wave');
    const removed = await ministry({ method: 'DELETE', url: `/api/v1/waves/${wave.json().id}/units/${a.id}` });
    expect(removed.statusCode).toBe(204);
  });
});

describe('unit contacts', () => {
  it('are invited by the ministry or by the admin of the provider serving the unit', async () => {
    const byAdmin = await t.as('admin@razom.demo', {
      method: 'POST', url: `/api/v1/units/${DEMO_IDS.units[0]}/contacts`,
      payload: { email: 'psych@army.demo', fullName: 'Психолог Частини', position: 'psychologist', phone: '0671234567' },
    });
    expect(byAdmin.statusCode, byAdmin.body).toBe(201);
    expect(byAdmin.json()).toMatchObject({ position: 'psychologist', status: 'invited', phone: '+380671234567' });
    const [m] = await t.sql<{ unit_id: string; provider_id: string | null; roles: string[] }>(
      `select m.unit_id, m.provider_id, m.roles from membership m join user_account u on u.id = m.user_id where u.email = 'psych@army.demo'`);
    expect(m).toEqual({ unit_id: DEMO_IDS.units[0], provider_id: null, roles: ['unit_contact'] });

    const notServed = await t.as('admin@nadiya.demo', {
      method: 'POST', url: `/api/v1/units/${DEMO_IDS.units[0]}/contacts`, payload: { email: 'x@army.demo', fullName: 'X', position: 'other' },
    });
    expect(notServed.statusCode).toBe(404);
    const detail = await t.as('admin@razom.demo', { method: 'GET', url: `/api/v1/units/${DEMO_IDS.units[0]}` });
    expect(detail.json().contacts.map((c: { email: string }) => c.email)).toContain('psych@army.demo');
  });
});

describe('calendar and targets', () => {
  it('the ministry edits holidays and service targets', async () => {
    const h = await ministry({ method: 'POST', url: '/api/v1/holidays', payload: { date: '2026-12-25', name: 'Різдво' } });
    expect(h.statusCode).toBe(201);
    expect((await ministry({ method: 'POST', url: '/api/v1/holidays', payload: { date: '2026-12-25', name: 'Різдво' } })).statusCode).toBe(409);
    expect((await ministry({ method: 'GET', url: '/api/v1/holidays?year=2026' })).json().items).toEqual([{ date: '2026-12-25', name: 'Різдво' }]);
    const s = await ministry({ method: 'PATCH', url: '/api/v1/pilot-settings', payload: { firstContactDays: 4 } });
    expect(s.json()).toMatchObject({ acknowledgementDays: 1, firstContactDays: 4, assessmentDays: 10 });
    expect(s.json().escalationRecipients.map((r: { email: string }) => r.email)).toEqual(['coordinator@minsoc.demo']);
    const bad = await ministry({ method: 'PATCH', url: '/api/v1/pilot-settings', payload: { escalationRecipientIds: [DEMO_IDS.razom] } });
    expect(bad.statusCode).toBe(422);
    expect((await ministry({ method: 'DELETE', url: '/api/v1/holidays/2026-12-25' })).statusCode).toBe(204);
  });
});
