import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.ts';
import { DEMO_CASE_IDS } from '../src/seeders/demo-cases.ts';

const COORD = 'coordinator@minsoc.demo';
let t: TestApp;
let now = new Date('2026-12-01T10:00:00Z');
beforeAll(async () => { t = await startTestApp({}, { clock: () => now }); });
afterAll(async () => { await t?.close(); });

const post = (url: string, payload: object, who = COORD) => t.as(who, { method: 'POST', url: `/api/v1${url}`, payload });
const measureId = async (code: string) => (await t.sql<{ id: string }>(`select id from measure where code = $1`, [code]))[0]!.id;
const deliver = (measure: string, deliveredOn: string) => post(`/cases/${DEMO_CASE_IDS.razom.powCase}/deliveries`, {
  measureId: measure, deliveredOn, durationMinutes: 30, mode: 'phone', outcome: 'Консультація',
}, 'manager1@razom.demo');

describe('catalogue curation', () => {
  it('a new version of a measure applies from its date; earlier deliveries keep theirs', async () => {
    const m08 = await measureId('M08');
    const res = await post(`/catalogue/measures/${m08}/versions`, {
      nameUk: 'Психосоціальні консультації (індивідуальні та групові)', nameEn: 'Psychosocial consultations (individual and group)',
      descriptionUk: 'Оновлений опис.', descriptionEn: 'Updated description.', validFrom: '2026-12-05',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().versions.map((v: { version: number; validFrom: string; validTo: string | null }) => [v.version, v.validFrom, v.validTo]))
      .toEqual([[2, '2026-12-05', null], [1, '2023-12-01', '2026-12-04']]);
    const before = await deliver(m08, '2026-12-01');
    expect(before.json().measureVersion).toBe(1);
    now = new Date('2026-12-06T10:00:00Z');
    const after = await deliver(m08, '2026-12-06');
    expect(after.json()).toMatchObject({ measureVersion: 2, measureNameUk: 'Психосоціальні консультації (індивідуальні та групові)' });
    // A delivery dated before the change still records the old version.
    expect((await deliver(m08, '2026-12-02')).json().measureVersion).toBe(1);
  });

  it('refuses versions that start in the past or before the latest one', async () => {
    const m08 = await measureId('M08');
    const wording = { nameUk: 'x', nameEn: 'x', descriptionUk: 'x', descriptionEn: 'x' };
    const past = await post(`/catalogue/measures/${m08}/versions`, { ...wording, validFrom: '2026-12-01' });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors[0].path).toBe('body.validFrom');
    now = new Date('2026-12-03T10:00:00Z');
    const overlap = await post(`/catalogue/measures/${m08}/versions`, { ...wording, validFrom: '2026-12-04' });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().code).toBe('version_overlap');
    now = new Date('2026-12-06T10:00:00Z');
  });

  it('adds a measure and retires one from a date', async () => {
    const created = await post('/catalogue/measures', {
      code: 'M15', nameUk: 'Супровід під час отримання статусу', nameEn: 'Accompaniment in obtaining status',
      descriptionUk: 'Опис', descriptionEn: 'Description', validFrom: '2026-12-06',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code: 'M15', retired: false, current: { version: 1 } });
    expect((await post('/catalogue/measures', { code: 'M15', nameUk: 'x', nameEn: 'x', descriptionUk: 'x', descriptionEn: 'x', validFrom: '2026-12-06' })).statusCode).toBe(409);
    const m14 = await measureId('M14');
    const retired = await post(`/catalogue/measures/${m14}/retire`, { from: '2026-12-10' });
    expect(retired.json()).toMatchObject({ retired: true });
    expect(retired.json().versions[0].validTo).toBe('2026-12-09');
    now = new Date('2026-12-09T10:00:00Z');
    expect((await deliver(m14, '2026-12-09')).statusCode).toBe(201);
    now = new Date('2026-12-11T10:00:00Z');
    const late = await deliver(m14, '2026-12-10');
    expect(late.statusCode).toBe(422);
    expect(late.json().code).toBe('measure_not_in_force');
    expect((await post(`/catalogue/measures/${m14}/retire`, { from: '2026-12-20' })).statusCode).toBe(409);
  });

  it('versions and retires playbooks; steps must name measures in the catalogue', async () => {
    const [pb] = await t.sql<{ id: string }>(`select id from playbook where code = 'wounded'`);
    const body = {
      titleUk: 'Поранений військовослужбовець (2027)', titleEn: 'Wounded service member (2027)', descriptionUk: 'Оновлено', descriptionEn: 'Updated',
      categories: ['wounded'], validFrom: '2027-01-01', checklist: [{ uk: 'Паспорт', en: 'Passport' }],
      steps: [{ key: 'contact', measureCode: 'M08', titleUk: 'Перший контакт', titleEn: 'First contact', offsetDays: 2, ownerRole: 'case_manager' }],
    };
    const bad = await post(`/catalogue/playbooks/${pb!.id}/versions`, { ...body, steps: [{ ...body.steps[0], measureCode: 'M14' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('body.steps.0.measureCode');
    const ok = await post(`/catalogue/playbooks/${pb!.id}/versions`, body);
    expect(ok.statusCode).toBe(201);
    const [versions] = await t.sql<{ n: number }>(`select count(*)::int as n from playbook_version where playbook_id = $1`, [pb!.id]);
    expect(versions!.n).toBe(2);
    const created = await post('/catalogue/playbooks', { ...body, code: 'reintegration_2027', validFrom: '2026-12-11' });
    expect(created.statusCode).toBe(201);
    const retired = await post(`/catalogue/playbooks/${created.json().id}/retire`, { from: '2026-12-20' });
    expect(retired.json().retired).toBe(true);
  });

  it('only the ministry curates', async () => {
    const m08 = await measureId('M08');
    for (const who of ['operator@pilot.demo', 'admin@razom.demo', 'supervisor@razom.demo']) {
      expect((await post('/catalogue/measures', { code: 'M99', nameUk: 'x', nameEn: 'x', descriptionUk: 'x', descriptionEn: 'x', validFrom: '2027-01-01' }, who)).statusCode, who).toBe(403);
      expect((await post(`/catalogue/measures/${m08}/retire`, { from: '2027-01-01' }, who)).statusCode, who).toBe(404);
    }
  });
});
