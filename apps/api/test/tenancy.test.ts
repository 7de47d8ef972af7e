import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { withTenant } from '../src/db/tenancy.ts';
import { Beneficiary } from '../src/modules/cases/entities.ts';
import { DEMO_IDS, startTestApp, type TestApp } from './harness.ts';

/** Row-level security on its own, as the API's database role, with no ORM filter in the way. */
let t: TestApp;
let app: pg.Client;
beforeAll(async () => {
  t = await startTestApp();
  app = new pg.Client({ connectionString: t.config.DATABASE_URL });
  await app.connect();
});
afterAll(async () => {
  await app?.end();
  await t?.close();
});

async function asTenant<T extends pg.QueryResultRow>(tenant: string | null, text: string, params: unknown[] = []) {
  await app.query('begin');
  try {
    await app.query(`select set_config('app.tenant_id', $1, true)`, [tenant ?? '']);
    return (await app.query<T>(text, params)).rows;
  } finally {
    await app.query('rollback');
  }
}

describe('the API database role', () => {
  it('is neither superuser nor exempt from row-level security', async () => {
    const [r] = (await app.query(`select rolsuper, rolbypassrls from pg_roles where rolname = current_user`)).rows;
    expect(r).toEqual({ rolsuper: false, rolbypassrls: false });
  });

  it('sees only its tenant in staff tables, even with plain SQL', async () => {
    const members = await asTenant<{ provider_id: string }>(DEMO_IDS.razom, `select provider_id from membership`);
    expect(members.length).toBeGreaterThan(0);
    expect(new Set(members.map((m) => m.provider_id))).toEqual(new Set([DEMO_IDS.razom]));
    const users = await asTenant<{ email: string }>(DEMO_IDS.razom, `select email from user_account`);
    expect(users.map((u) => u.email).filter((e) => e.endsWith('@nadiya.demo'))).toEqual([]);
    expect(users.map((u) => u.email)).toContain('admin@razom.demo');
  });

  it('cannot write a row into another tenant', async () => {
    const [user] = await t.sql<{ id: string }>(`select id from user_account where email = 'admin@nadiya.demo'`);
    await expect(asTenant(DEMO_IDS.razom, `update membership set roles = '{supervisor}' where user_id = $1 returning id`, [user!.id]))
      .resolves.toEqual([]);
    await expect(asTenant(DEMO_IDS.razom, `insert into audit_log (provider_id, action, entity) values ($1, 'x', 'y')`, [DEMO_IDS.nadiya]))
      .rejects.toThrow(/row-level security/);
  });

  it('reads audit entries of its own tenant only', async () => {
    await t.token('admin@razom.demo');
    await t.token('admin@nadiya.demo');
    const rows = await asTenant<{ provider_id: string | null }>(DEMO_IDS.razom, `select provider_id from audit_log`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.provider_id === DEMO_IDS.razom)).toBe(true);
  });
});

describe('the unit of work (withTenant)', () => {
  /** What a unit of work bound to `providerId` sees of the people, by plain SQL (RLS) and through the ORM (filter). */
  const seen = (providerId: string | null) => withTenant(t.orm, { providerId }, async ({ em, scope }) => {
    const raw = await em.execute<{ provider_id: string }[]>(`select provider_id from beneficiary`);
    // Through the ORM the tenant filter applies too; its parameter is returned to be checked.
    const orm = await em.find(Beneficiary, {});
    return { scope, filter: em.getFilterParams('tenant'), raw: raw.map((r) => r.provider_id), orm: orm.map((b) => b.providerId) };
  });

  it('sees exactly one provider’s rows, through plain SQL and through the ORM alike', async () => {
    const all = await t.sql<{ provider_id: string }>(`select provider_id from beneficiary`);
    expect(new Set(all.map((r) => r.provider_id))).toEqual(new Set([DEMO_IDS.razom, DEMO_IDS.nadiya]));
    for (const providerId of [DEMO_IDS.razom, DEMO_IDS.nadiya]) {
      const own = all.filter((r) => r.provider_id === providerId).length;
      const r = await seen(providerId);
      expect(r.scope).toEqual({ providerId });
      expect(r.filter).toEqual({ tenantId: providerId });
      expect(r.raw).toHaveLength(own);
      expect(new Set(r.raw)).toEqual(new Set([providerId]));
      expect(r.orm).toHaveLength(own);
      expect(new Set(r.orm)).toEqual(new Set([providerId]));
    }
  });

  it('sees no provider’s rows with no provider, and the ORM query answers (empty) instead of failing', async () => {
    const r = await seen(null);
    expect(r.raw).toEqual([]);
    expect(r.orm).toEqual([]);
  });
});

describe('the audit log', () => {
  it('refuses UPDATE and DELETE from the app role', async () => {
    await t.token('supervisor@razom.demo');
    await expect(asTenant(DEMO_IDS.razom, `update audit_log set action = 'forged'`)).rejects.toThrow(/permission denied/);
    await expect(asTenant(DEMO_IDS.razom, `delete from audit_log`)).rejects.toThrow(/permission denied/);
  });

  it('refuses UPDATE and DELETE even from the owner (trigger)', async () => {
    await expect(t.sql(`update audit_log set action = 'forged'`)).rejects.toThrow(/append-only/);
    await expect(t.sql(`delete from audit_log`)).rejects.toThrow(/append-only/);
  });
});
