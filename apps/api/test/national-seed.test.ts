import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedNational } from '../src/seeders/national/index.ts';
import { unitCount } from '../src/seeders/national/units.ts';
import { loadConfig } from '../src/config.ts';
import { newTotpSecret } from '../src/modules/identity/mfa.ts';
import { createTestDatabase } from './harness.ts';
import { expectProviders, one, TABLE_NAMES, type Db } from './national-fixture.ts';

/**
 * The national-scale generator at a tiny scale, in seconds: it runs, fills every table, keeps
 * every row in its provider and refuses a database it must not fill. The full test (scale 0.03,
 * determinism, row-level security, sign-in and reports on the generated data) is
 * national-seed.slow.test.ts, in `pnpm test:slow`.
 */
const dbs: Db[] = [];
const SCALE = 0.003;
const NOW = new Date('2026-11-25T00:00:00Z');
const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgresql://u:p@localhost/db', JWT_SECRET: 'x'.repeat(40), LOG_LEVEL: 'silent' });
const options = {
  scale: SCALE, seed: 7, now: NOW, keyring: config.keyring, password: 'generated-staff-password',
  mfa: { roles: config.mfaRequiredRoles, secret: newTotpSecret() }, progress: 'none',
} as const;


let a: Db;
beforeAll(async () => {
  a = await createTestDatabase();
  dbs.push(a);
  await seedNational({ url: a.ownerUrl, ...options });
}, 120_000);
afterAll(async () => {
  for (const db of dbs) await db.drop();
});

describe('seed:national (smoke, tiny scale)', () => {
  it('fills every table, with providers across oblasts holding valid, unique EDRPOU codes', async () => {
    await expectProviders(a, SCALE);
    expect((await one<{ n: number }>(a, `select count(*)::int as n from military_unit`)).n).toBe(unitCount(SCALE));
    for (const table of TABLE_NAMES) expect((await one<{ n: number }>(a, `select count(*)::int as n from "${table}"`)).n, table).toBeGreaterThan(0);
    // Nothing lies after the data's "now".
    expect((await one<{ n: number }>(a, `select count(*)::int as n from service_delivery where delivered_on > $1::date`, [NOW])).n).toBe(0);
  });

  it('keeps every row in its provider: references, staff, routing of referrals by the assignment of the day', async () => {
    const misplaced = await one<Record<string, number>>(a, `select
      (select count(*)::int from support_case c where c.assignee_id is not null and not exists (select 1 from membership m where m.user_id = c.assignee_id and m.provider_id = c.provider_id)) as assignees,
      (select count(*)::int from service_delivery d where not exists (select 1 from membership m where m.user_id = d.delivered_by and m.provider_id = d.provider_id)) as deliverers,
      (select count(*)::int from referral r join unit_assignment a on a.id = r.assignment_id where a.provider_id <> r.provider_id or a.unit_id <> r.unit_id
         or not daterange(a.starts_on, a.ends_on, '[]') @> (r.submitted_at at time zone 'Europe/Kyiv')::date) as routing,
      (select count(*)::int from referral r join support_case c on c.id = r.case_id where c.provider_id <> r.provider_id or c.source_id <> r.id) as referral_cases`);
    expect(misplaced).toEqual({ assignees: 0, deliverers: 0, routing: 0, referral_cases: 0 });
  });

  it('fills only an empty database, and only as a role that may write past row-level security', async () => {
    await expect(seedNational({ url: a.ownerUrl, ...options })).rejects.toThrow(/empty database/);
    const d = await createTestDatabase();
    dbs.push(d);
    await expect(seedNational({ url: d.appUrl, ...options })).rejects.toThrow(/BYPASSRLS/);
  });
});
