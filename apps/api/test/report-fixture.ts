import type { TestApp } from './harness.ts';

/** Report fixtures written as the database owner: families with cases and deliveries, as a provider would record them. */

/** KATOTTG codes of the fixtures' places. */
export const KYIV_CITY = 'UA80000000000093317';
export const KYIV_OBLAST = 'UA32000000000030281';
export const LVIV = 'UA46000000000026241';

/** The fixtures' units, registered as pilot units (other codes count as "no unit"). */
export async function registerUnits(t: TestApp) {
  for (const [code, oblast] of [['А1111', KYIV_CITY], ['А2222', KYIV_OBLAST], ['А3333', LVIV]] as const) {
    await t.sql(`insert into military_unit (id, code, name, kind, oblast_code) values (gen_random_uuid(), $1, $2, 'military_unit', $3)`, [code, `Частина ${code}`, oblast]);
  }
}

export async function staffOf(t: TestApp, providerId: string) {
  const [u] = await t.sql<{ id: string }>(`select user_id as id from membership where provider_id = $1 limit 1`, [providerId]);
  return u!.id;
}

export interface FamiliesOptions {
  unit: string; oblast: string; opened: string; category: string; relatives: number; deliveries: [string, string][];
  closed?: { count: number; on: string; outcome: string };
}

/** `n` families of one unit and place, each with a case opened on `opened` and the same deliveries; the first `closed.count` closed. */
export async function families(t: TestApp, providerId: string, n: number, o: FamiliesOptions) {
  const staff = await staffOf(t, providerId);
  for (let i = 0; i < n; i++) {
    const [b] = await t.sql<{ id: string }>(
      `insert into beneficiary (id, provider_id, last_name, first_name, oblast_code, categories, created_by)
       values (gen_random_uuid(), $1, 'Звіт', $2, $3, $4, $5) returning id`, [providerId, `Особа${i}`, o.oblast, [o.category], staff]);
    for (let k = 0; k < o.relatives; k++) {
      const [rel] = await t.sql<{ id: string }>(
        `insert into beneficiary (id, provider_id, last_name, first_name, oblast_code, created_by) values (gen_random_uuid(), $1, 'Родич', $2, $3, $4) returning id`,
        [providerId, `Р${i}`, o.oblast, staff]);
      await t.sql(`insert into family_link (id, provider_id, member_id, relative_id, relation) values (gen_random_uuid(), $1, $2, $3, 'spouse')`, [providerId, b!.id, rel!.id]);
    }
    const closed = o.closed && i < o.closed.count ? o.closed : null;
    const [c] = await t.sql<{ id: string }>(
      `insert into support_case (id, provider_id, beneficiary_id, beneficiary_name, unit_code, status, categories, opened_at, closed_at, closure_outcome, source_kind, created_by)
       values (gen_random_uuid(), $1, $2, 'Звіт', $3, $4, $5, $6::date + time '12:00', $7::date + time '12:00', $8, 'intake', $9) returning id`,
      [providerId, b!.id, o.unit, closed ? 'closed' : 'active', [o.category], o.opened, closed?.on ?? null, closed?.outcome ?? null, staff]);
    for (const [code, on] of o.deliveries) await delivery(t, providerId, c!.id, code, on, staff);
  }
}

/** Deliveries spread over a unit's cases in turn. */
export async function deliveries(t: TestApp, providerId: string, unit: string, list: [string, string][]) {
  const staff = await staffOf(t, providerId);
  const cases = await t.sql<{ id: string }>(`select id from support_case where provider_id = $1 and unit_code = $2 order by id`, [providerId, unit]);
  for (const [i, [code, on]] of list.entries()) await delivery(t, providerId, cases[i % cases.length]!.id, code, on, staff);
}

export async function delivery(t: TestApp, providerId: string, caseId: string, code: string, on: string, staff: string) {
  await t.sql(
    `insert into service_delivery (id, provider_id, case_id, measure_id, measure_version_id, delivered_on, duration_minutes, mode, delivered_by, outcome)
     select gen_random_uuid(), $1, $2, m.id, v.id, $4, 30, 'in_person', $5, 'Звіт'
       from measure m join measure_version v on v.measure_id = m.id and v.version = 1 where m.code = $3`, [providerId, caseId, code, on, staff]);
}
