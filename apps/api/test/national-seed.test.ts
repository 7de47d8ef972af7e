import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { OBLASTS, isValidEdrpou } from '@pilot/domain';
import { seedNational } from '../src/seeders/national/index.ts';
import { providerCount } from '../src/seeders/national/tables.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { initOrm } from '../src/db/orm.ts';
import { newTotpSecret, totp } from '../src/modules/identity/mfa.ts';
import { createTestDatabase } from './harness.ts';

/** The national-scale generator at a small scale, on real databases. */
type Db = Awaited<ReturnType<typeof createTestDatabase>>;
const dbs: Db[] = [];
const PASSWORD = 'generated-staff-password';
const TOTP_SECRET = newTotpSecret();
const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgresql://u:p@localhost/db', JWT_SECRET: 'x'.repeat(40), LOG_LEVEL: 'silent' });
const mfa = { roles: config.mfaRequiredRoles, secret: TOTP_SECRET, keyring: config.keyring };

async function query<T extends pg.QueryResultRow>(db: Db, text: string) {
  const c = new pg.Client({ connectionString: db.ownerUrl });
  await c.connect();
  try {
    return (await c.query<T>(text)).rows;
  } finally {
    await c.end();
  }
}
/** Everything the generator wrote, in a stable order, for comparing two runs. */
const snapshot = async (db: Db) => ({
  providers: await query(db, `select * from provider order by id`),
  users: await query(db, `select * from user_account order by id`),
  memberships: await query(db, `select * from membership order by id`),
  audit: await query(db, `select at, provider_id, actor_id, action, entity, entity_id, request_id, ip from audit_log order by id`),
});

let a: Db;
beforeAll(async () => {
  a = await createTestDatabase();
  dbs.push(a);
  await seedNational({ url: a.ownerUrl, scale: 0.02, seed: 7, password: PASSWORD, mfa, progress: 'none' });
}, 60_000);
afterAll(async () => {
  for (const db of dbs) await db.drop();
});

describe('seed:national', () => {
  it('fills providers across oblasts with valid, unique EDRPOU codes', async () => {
    const providers = await query<{ edrpou: string; oblast_code: string; accreditation_status: string }>(a, `select * from provider`);
    expect(providers).toHaveLength(providerCount(0.02));
    expect(providers.every((p) => isValidEdrpou(p.edrpou))).toBe(true);
    expect(new Set(providers.map((p) => p.edrpou)).size).toBe(providers.length);
    const oblasts = new Set(OBLASTS.map((o) => o.code));
    expect(providers.every((p) => oblasts.has(p.oblast_code))).toBe(true);
  });

  it('gives every provider a team: one admin, supervisors and case managers, in their own tenant', async () => {
    const teams = await query<{ provider_id: string; admins: number; supervisors: number; managers: number }>(a, `
      select m.provider_id,
             count(*) filter (where 'ngo_admin' = any(m.roles))::int as admins,
             count(*) filter (where 'supervisor' = any(m.roles))::int as supervisors,
             count(*) filter (where 'case_manager' = any(m.roles))::int as managers
        from membership m where m.provider_id is not null group by m.provider_id`);
    expect(teams).toHaveLength(providerCount(0.02));
    const ministry = await query<{ roles: string[] }>(a, `select roles from membership where provider_id is null`);
    expect(ministry.length).toBeGreaterThanOrEqual(2);
    expect(ministry.every((m) => m.roles.join() === 'ministry_coordinator')).toBe(true);
    for (const t of teams) {
      expect(t.admins).toBe(1);
      expect(t.supervisors).toBeGreaterThanOrEqual(2);
      expect(t.managers).toBeGreaterThan(t.supervisors * 4);
    }
    const [audit] = await query<{ n: number; foreign: number }>(a, `
      select count(*)::int as n, count(*) filter (where m.provider_id is distinct from l.provider_id)::int as foreign
        from audit_log l join membership m on m.user_id = l.actor_id`);
    expect(audit!.n).toBeGreaterThan(0);
    expect(audit!.foreign).toBe(0);
  });

  it('makes staff who can sign in through the API, with two factors where required, and see only their own provider', async () => {
    const [user] = await query<{ email: string; provider_id: string }>(a, `
      select u.email, m.provider_id from user_account u join membership m on m.user_id = u.id
       where 'ngo_admin' = any(m.roles) order by u.email limit 1`);
    const orm = await initOrm({ url: a.appUrl, poolMax: 2 });
    const app = await buildApp({ ...config, DATABASE_URL: a.appUrl }, { orm, logger: false });
    try {
      const step1 = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user!.email, password: PASSWORD } });
      expect(step1.json()).toMatchObject({ mfaRequired: true });
      const code = totp(TOTP_SECRET, 'bench').generate();
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login/mfa', payload: { mfaToken: step1.json().mfaToken, code } });
      expect(login.statusCode).toBe(200);
      const staff = await app.inject({ method: 'GET', url: '/api/v1/staff?limit=200', headers: { authorization: `Bearer ${login.json().accessToken}` } });
      expect(staff.statusCode).toBe(200);
      const [{ n }] = await query<{ n: number }>(a, `select count(*)::int as n from membership where provider_id = '${user!.provider_id}'`) as [{ n: number }];
      expect(staff.json().items).toHaveLength(n);
    } finally {
      await app.close();
      await orm.close();
    }
  });

  it('is deterministic for a seed, and different for another', async () => {
    // Two fresh databases with the seed of `a` (whose rows the sign-in above has touched).
    const [a2, b, c] = [await createTestDatabase(), await createTestDatabase(), await createTestDatabase()];
    dbs.push(a2, b, c);
    await seedNational({ url: a2.ownerUrl, scale: 0.02, seed: 7, password: PASSWORD, mfa, progress: 'none' });
    await seedNational({ url: b.ownerUrl, scale: 0.02, seed: 7, password: PASSWORD, mfa, progress: 'none' });
    await seedNational({ url: c.ownerUrl, scale: 0.02, seed: 8, progress: 'none' });
    const [sa, sb, sc] = [await snapshot(a2), await snapshot(b), await snapshot(c)];
    // argon2 salts and encryption IVs differ per run; everything else is the same row for row.
    const withoutHash = (s: typeof sa) => ({ ...s, users: s.users.map(({ password_hash: _h, totp_secret: _t, ...u }) => u) });
    expect(withoutHash(sb)).toEqual(withoutHash(sa));
    expect(sc.providers.map((p) => p.edrpou)).not.toEqual(sa.providers.map((p) => p.edrpou));
    // Without a password nobody can sign in: the staff stay invited.
    expect(new Set(sc.users.map((u) => u.status))).toEqual(new Set(['invited']));
  }, 60_000);

  it('fills only an empty database, and only as a role that may write past row-level security', async () => {
    await expect(seedNational({ url: a.ownerUrl, scale: 0.02, seed: 7, progress: 'none' })).rejects.toThrow(/empty database/);
    const d = await createTestDatabase();
    dbs.push(d);
    await expect(seedNational({ url: d.appUrl, scale: 0.02, seed: 7, progress: 'none' })).rejects.toThrow(/BYPASSRLS/);
  });
});
