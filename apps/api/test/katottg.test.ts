import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import pg from 'pg';
import { randomBytes, randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { OBLASTS } from '@pilot/domain';
import { ormConfig } from '../src/db/orm.ts';
import { ensureRoleAndDatabase, withDatabase } from '../src/dev/bootstrap.ts';
import { HROMADAS as SYNTHETIC } from '../src/migrations/0002_cases.seed.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { TEST_APP_PASSWORD } from './global-setup.ts';

const VINNYTSIA_OBLAST = 'UA05000000000010236';
const VINNYTSIA_CITY = 'UA05020030000031457';

describe('the KATOTTG codifier (migration 0007)', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { await t.close(); });

  it('holds the hromadas of all 24 oblasts under codes of the oblast, and the two cities with special status', async () => {
    const rows = await t.sql<{ code: string; oblast_code: string; raion_uk: string | null }>(`select code, oblast_code, raion_uk from hromada`);
    expect(rows).toHaveLength(1471);
    for (const r of rows) {
      expect(r.code).toMatch(/^UA\d{17}$/);
      expect(r.code.slice(0, 4)).toBe(r.oblast_code.slice(0, 4));
    }
    const perOblast = new Map<string, number>();
    for (const r of rows) perOblast.set(r.oblast_code, (perOblast.get(r.oblast_code) ?? 0) + 1);
    const oblasts = OBLASTS.filter((o) => !['UA01', 'UA80', 'UA85'].includes(o.code.slice(0, 4)));
    expect(oblasts).toHaveLength(24);
    for (const o of oblasts) expect(perOblast.get(o.code), o.uk).toBeGreaterThan(30);
    // Kyiv and Sevastopol: one row each, under the city's code; Crimea: none (no verified codes).
    expect(rows.filter((r) => r.raion_uk === null).map((r) => r.code).sort()).toEqual(['UA80000000000093317', 'UA85000000000065278']);
    expect(perOblast.get('UA01000000000013043')).toBeUndefined();
    expect(rows.filter((r) => SYNTHETIC.some((s) => s.code === r.code))).toEqual([]);
  });

  it('names a hromada as the codifier does, with its raion, in Ukrainian and transliterated', async () => {
    const [h] = await t.sql(`select oblast_code, raion_uk, raion_en, name_uk, name_en from hromada where code = $1`, [VINNYTSIA_CITY]);
    expect(h).toEqual({ oblast_code: VINNYTSIA_OBLAST, raion_uk: 'Вінницький район', raion_en: 'Vinnytskyi raion', name_uk: 'Вінницька міська громада', name_en: 'Vinnytska city hromada' });
    const [z] = await t.sql(`select name_en from hromada where code = 'UA32060110000050416'`);
    expect(z).toEqual({ name_en: 'Zghurivska hromada' });
  });

  it('serves one oblast’s hromadas by raion', async () => {
    const res = await t.as('manager1@razom.demo', { method: 'GET', url: `/api/v1/catalogue/hromadas?oblast=${VINNYTSIA_OBLAST}` });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { code: string; oblastCode: string; raionUk: string }[];
    expect(items).toHaveLength(63);
    expect(items.every((h) => h.oblastCode === VINNYTSIA_OBLAST)).toBe(true);
    expect(items[0]).toMatchObject({ raionUk: 'Вінницький район', nameUk: 'Агрономічна громада' });
    const raions = items.map((h) => h.raionUk);
    expect(raions).toEqual([...raions].sort((a, b) => a.localeCompare(b, 'uk')));
  });
});

describe('migration 0007 on a database with data', () => {
  const superUrl = inject('pgSuperUrl');
  const name = `k_${randomBytes(6).toString('hex')}`;
  const url = withDatabase(superUrl, name);
  let orm: MikroORM;
  let db: pg.Client;

  beforeAll(async () => {
    await ensureRoleAndDatabase(superUrl, name, TEST_APP_PASSWORD);
    orm = await MikroORM.init({ ...ormConfig({ url, poolMax: 2 }), sessionContext: undefined });
    await orm.migrator.up({ to: '0006a_reports' });
    db = new pg.Client({ connectionString: url });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await orm.close();
    const admin = new pg.Client({ connectionString: superUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('moves people and report counts from the stand-in codes to the real hromadas', async () => {
    const vinnytsia = SYNTHETIC.find((s) => s.uk === 'Вінницька міська')!;
    const simferopol = SYNTHETIC.find((s) => s.uk === 'Сімферопольська міська')!;
    const kyivDarnytsia = SYNTHETIC.find((s) => s.uk.startsWith('м. Київ ('))!;
    const provider = randomUUID();
    await db.query(`insert into provider (id, name, edrpou, oblast_code, contact_email, contact_phone)
      values ($1, 'ГО «Тест»', '00000019', $2, 'info@test.demo', '+380501112233')`, [provider, VINNYTSIA_OBLAST]);
    const person = async (hromada: string, oblast: string) => (await db.query<{ id: string }>(
      `insert into beneficiary (id, provider_id, last_name, first_name, oblast_code, hromada_code, created_by)
       values (gen_random_uuid(), $1, 'Коваль', 'Ірина', $2, $3, gen_random_uuid()) returning id`, [provider, oblast, hromada])).rows[0]!.id;
    const inVinnytsia = await person(vinnytsia.code, vinnytsia.oblastCode);
    const inCrimea = await person(simferopol.code, simferopol.oblastCode);
    const inKyiv = await person(kyivDarnytsia.code, kyivDarnytsia.oblastCode);

    const refresh = randomUUID();
    await db.query(`insert into report_refresh (id, year, status) values ($1, 2025, 'published')`, [refresh]);
    const fact = (key: string, value: number) => db.query(`insert into report_fact (refresh_id, provider_id, period, scope, scope_key, metric, dim, value)
      values ($1, $2, '2025', 'hromada', $3, 'people_served', '', $4)`, [refresh, provider, key, value]);
    await fact(vinnytsia.code, 7);
    await fact(simferopol.code, 2);
    await fact(`_${simferopol.oblastCode}`, 4);
    await db.query(`insert into report_suppression (refresh_id, period, metric, row_key, dim, state) values
      ($1, '2025', 'people_served', $2, '', 'small'), ($1, '2025', 'people_served', $3, '', 'small')`, [refresh, `h:${simferopol.code}`, `h:${vinnytsia.code}`]);

    await orm.migrator.up();

    const { rows: people } = await db.query<{ id: string; oblast_code: string; hromada_code: string | null }>(
      `select id, oblast_code, hromada_code from beneficiary order by created_at`);
    const of = (id: string) => people.find((p) => p.id === id);
    expect(of(inVinnytsia)).toMatchObject({ hromada_code: VINNYTSIA_CITY });
    expect(of(inKyiv)).toMatchObject({ hromada_code: 'UA80000000000093317' });
    // Crimea has no hromada in the data: the oblast stays, the hromada becomes unknown.
    expect(of(inCrimea)).toMatchObject({ oblast_code: simferopol.oblastCode, hromada_code: null });

    const { rows: facts } = await db.query(`select scope_key, value::int from report_fact order by scope_key`);
    expect(facts).toEqual([{ scope_key: VINNYTSIA_CITY, value: 7 }, { scope_key: `_${simferopol.oblastCode}`, value: 6 }]);
    const { rows: cells } = await db.query(`select row_key, state from report_suppression order by row_key`);
    expect(cells).toEqual([{ row_key: `h:${VINNYTSIA_CITY}`, state: 'small' }, { row_key: `h:_${simferopol.oblastCode}`, state: 'hidden' }]);
    const { rows: left } = await db.query(`select count(*)::int as n from hromada where code = any($1)`, [SYNTHETIC.map((s) => s.code)]);
    expect(left).toEqual([{ n: 0 }]);
  });
});
