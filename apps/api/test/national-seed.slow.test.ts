import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { CASE_CATEGORIES, CASE_STATUSES, REFERRAL_STATUSES, isValidRnokpp } from '@pilot/domain';
import { seedNational } from '../src/seeders/national/index.ts';
import { providerCount } from '../src/seeders/national/tables.ts';
import { unitCount } from '../src/seeders/national/units.ts';
import { rnokppIndex } from '../src/modules/cases/pii.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { initOrm } from '../src/db/orm.ts';
import { newTotpSecret, totp } from '../src/modules/identity/mfa.ts';
import { refreshReports } from '../src/modules/reports/refresh.ts';
import type { TReport } from '@pilot/contracts';
import { createTestDatabase } from './harness.ts';
import { expectProviders, one, query, TABLE_NAMES, type Db } from './national-fixture.ts';

/**
 * The national-scale generator at a small scale, on real databases: minutes, so in
 * `pnpm test:slow`; national-seed.test.ts is its quick smoke test in `pnpm test`.
 */
const dbs: Db[] = [];
const PASSWORD = 'generated-staff-password';
const TOTP_SECRET = newTotpSecret();
const SCALE = 0.03;
const NOW = new Date('2026-11-25T00:00:00Z');
const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgresql://u:p@localhost/db', JWT_SECRET: 'x'.repeat(40), LOG_LEVEL: 'silent' });
const options = { scale: SCALE, seed: 7, now: NOW, keyring: config.keyring, password: PASSWORD, mfa: { roles: config.mfaRequiredRoles, secret: TOTP_SECRET }, progress: 'none' } as const;


/**
 * A digest of every table the generator fills, in a stable order, for comparing two runs
 * (without what differs by design: argon2 salts and encryption IVs).
 */
async function digest(db: Db) {
  const out: Record<string, string> = {};
  for (const table of TABLE_NAMES) {
    const cols = (await query<{ c: string }>(db, `select column_name as c from information_schema.columns where table_name = $1
      and column_name not in ('password_hash', 'totp_secret', 'rnokpp') order by ordinal_position`, [table])).map((r) => `"${r.c}"`);
    const key = cols.includes('"id"') ? '"id"' : cols.join(', ');
    out[table] = (await one<{ h: string }>(db, `select md5(coalesce(string_agg(t::text, '|' order by ${key.replaceAll('"', '')}), '')) as h
      from (select ${cols.join(', ')} from "${table}") t`)).h;
  }
  return out;
}

let a: Db;
let orm: Awaited<ReturnType<typeof initOrm>>;
let app: Awaited<ReturnType<typeof buildApp>>;
beforeAll(async () => {
  a = await createTestDatabase();
  dbs.push(a);
  await seedNational({ url: a.ownerUrl, ...options });
  orm = await initOrm({ url: a.appUrl, poolMax: 2 });
  app = await buildApp({ ...config, DATABASE_URL: a.appUrl }, { orm, logger: false });
}, 120_000);
afterAll(async () => {
  await app?.close();
  await orm?.close();
  for (const db of dbs) await db.drop();
});

/** Signs a generated user in through the API (with the shared authenticator when asked). */
async function signIn(email: string, on = app) {
  const step1 = await on.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD } });
  const answer = step1.json().mfaRequired
    ? (await on.inject({ method: 'POST', url: '/api/v1/auth/login/mfa', payload: { mfaToken: step1.json().mfaToken, code: totp(TOTP_SECRET, email).generate() } })).json()
    : step1.json();
  expect(answer.accessToken, email).toBeTruthy();
  return (url: string, payload?: object) => on.inject({ method: payload ? 'POST' : 'GET', url, payload, headers: { authorization: `Bearer ${answer.accessToken}` } });
}

describe('seed:national', () => {
  it('fills providers across oblasts with valid, unique EDRPOU codes, and every table', async () => {
    const providers = await expectProviders(a, SCALE);
    for (const table of TABLE_NAMES) expect((await one<{ n: number }>(a, `select count(*)::int as n from "${table}"`)).n, table).toBeGreaterThan(0);
    const people = (await one<{ n: number }>(a, `select count(*)::int as n from beneficiary`)).n;
    const deliveries = (await one<{ n: number }>(a, `select count(*)::int as n from service_delivery`)).n;
    // National scale is 1 M people and 5 M deliveries for 200 providers: the same people per
    // provider here. Deliveries per person are higher at a small scale: its units all joined in
    // the pilot's first waves, so its cases are older (scale 1: about 5 per person).
    expect(people / providers.length).toBeGreaterThan(3500);
    expect(deliveries / people).toBeGreaterThan(4);
    expect(deliveries / people).toBeLessThan(14);
  });

  it('gives every provider a team: one admin, supervisors and case managers, in their own tenant', async () => {
    const teams = await query<{ provider_id: string; admins: number; supervisors: number; managers: number }>(a, `
      select m.provider_id,
             count(*) filter (where 'ngo_admin' = any(m.roles))::int as admins,
             count(*) filter (where 'supervisor' = any(m.roles))::int as supervisors,
             count(*) filter (where 'case_manager' = any(m.roles))::int as managers
        from membership m where m.provider_id is not null group by m.provider_id`);
    expect(teams).toHaveLength(providerCount(SCALE));
    const ministry = await query<{ roles: string[] }>(a, `select roles from membership where provider_id is null and unit_id is null`);
    expect(ministry.length).toBeGreaterThanOrEqual(2);
    expect(ministry.every((m) => m.roles.join() === 'ministry_coordinator')).toBe(true);
    for (const t of teams) {
      expect(t.admins).toBe(1);
      expect(t.supervisors).toBeGreaterThanOrEqual(2);
      expect(t.managers).toBeGreaterThan(t.supervisors * 4);
    }
    const audit = await one<{ n: number; foreign: number }>(a, `
      select count(*)::int as n, count(*) filter (where m.provider_id is distinct from l.provider_id)::int as foreign
        from audit_log l join membership m on m.user_id = l.actor_id`);
    expect(audit.n).toBeGreaterThan(0);
    expect(audit.foreign).toBe(0);
  });

  it('brings units into the pilot in waves, each served by one provider at a time with its history kept, and contacts who refer', async () => {
    expect((await one<{ n: number }>(a, `select count(*)::int as n from military_unit`)).n).toBe(unitCount(SCALE));
    const waves = await query<{ name: string; units: number }>(a, `select w.name, count(*)::int as units from pilot_wave w join pilot_wave_unit wu on wu.wave_id = w.id group by w.id order by w.starts_on`);
    expect(waves[0]!.units).toBe(5);
    expect(waves.reduce((s, w) => s + w.units, 0)).toBe(unitCount(SCALE));
    // Every provider serves (or served) a unit; some units changed provider.
    expect((await one<{ n: number }>(a, `select count(distinct provider_id)::int as n from unit_assignment`)).n).toBe(providerCount(SCALE));
    expect((await one<{ n: number }>(a, `select count(*)::int as n from (select unit_id from unit_assignment group by 1 having count(*) > 1) x`)).n).toBeGreaterThan(0);
    expect((await one<{ n: number }>(a, `select count(*)::int as n from military_unit u where not exists (
      select 1 from membership m where m.unit_id = u.id and 'unit_contact' = any(m.roles))`)).n).toBe(0);
  });

  it('backs each provider’s accreditation with the ministry’s decisions, and runs coordination centres by the calendar', async () => {
    const mismatched = await one<Record<string, number>>(a, `select
      (select count(*)::int from provider p where not exists (select 1 from accreditation_decision d where d.provider_id = p.id and d.action = 'accredit'
         and d.valid_from = p.accredited_from and d.valid_until = p.accredited_until and d.decision_number = p.accreditation_decision_number)) as unbacked,
      (select count(*)::int from provider p where p.accreditation_status <> (select d.to_status from accreditation_decision d
         where d.provider_id = p.id order by d.created_at desc limit 1)) as status,
      (select count(*)::int from instruction where (status = 'overdue') <> (closed_at is null and due_date < $1::date)) as overdue,
      (select count(*)::int from instruction i where i.status = 'done' and not exists (select 1 from instruction_report r where r.instruction_id = i.id)) as unreported,
      (select count(*)::int from meeting where held_on >= $1::date) as future_meetings,
      (select count(*)::int from centre_member m join provider p on p.id = m.provider_id join coordination_centre c on c.id = m.centre_id
         where p.oblast_code <> c.oblast_code and exists (select 1 from provider q where q.oblast_code = c.oblast_code)) as distant_members`, [NOW]);
    expect(mismatched).toEqual({ unbacked: 0, status: 0, overdue: 0, unreported: 0, future_meetings: 0, distant_members: 0 });
    // Some providers lost their accreditation (their units moved to others); most hold it.
    const statuses = (await query<{ s: string }>(a, `select distinct accreditation_status as s from provider`)).map((r) => r.s);
    expect(statuses).toContain('accredited');
    expect((await one<{ n: number }>(a, `select count(*)::int as n from meeting_attendee`)).n).toBeGreaterThan(0);
  });

  it('writes cases in every status and category, referrals in every status with their service-target clocks, transfers and reopened cases', async () => {
    const statuses = (await query<{ status: string }>(a, `select distinct status from support_case`)).map((r) => r.status);
    expect(statuses.sort()).toEqual([...CASE_STATUSES].sort());
    const categories = (await query<{ c: string }>(a, `select distinct unnest(categories) as c from support_case`)).map((r) => r.c);
    expect(categories.sort()).toEqual([...CASE_CATEGORIES].sort());
    const referrals = (await query<{ status: string }>(a, `select distinct status from referral`)).map((r) => r.status);
    expect(referrals.sort()).toEqual([...REFERRAL_STATUSES].sort());
    const clocks = await one<{ met: number; reminded: number; escalated: number; open: number }>(a, `select count(met_at)::int as met,
      count(reminded_at)::int as reminded, count(escalated_at)::int as escalated, count(*) filter (where met_at is null and cancelled_at is null)::int as open
      from referral_deadline`);
    expect(clocks.met).toBeGreaterThan(clocks.reminded);
    expect(clocks.reminded).toBeGreaterThan(clocks.escalated);
    expect(clocks.escalated).toBeGreaterThan(0);
    expect(clocks.open).toBeGreaterThan(0);
    const kinds = (await query<{ k: string }>(a, `select distinct source_kind as k from support_case`)).map((r) => r.k);
    expect(kinds.sort()).toEqual(['intake', 'referral', 'reopen', 'transfer']);
    // Seasons on top of growth: from August to October (the heating season starts) work grows
    // far more than over the two months before August (the summer dip).
    const season = await one<{ jun: number; aug: number; oct: number }>(a, `select
      count(*) filter (where to_char(delivered_on, 'YYYY-MM') = '2026-06')::int as jun,
      count(*) filter (where to_char(delivered_on, 'YYYY-MM') = '2026-08')::int as aug,
      count(*) filter (where to_char(delivered_on, 'YYYY-MM') = '2026-10')::int as oct from service_delivery`);
    expect(season.oct / season.aug).toBeGreaterThan(1.3 * (season.aug / season.jun));
    // Nothing lies after the data's "now".
    expect((await one<{ n: number }>(a, `select count(*)::int as n from service_delivery where delivered_on > $1::date`, [NOW])).n).toBe(0);
  });

  it('keeps every row in its provider: references, staff, routing of referrals by the assignment of the day', async () => {
    const misplaced = await one<Record<string, number>>(a, `select
      (select count(*)::int from support_case c where c.assignee_id is not null and not exists (select 1 from membership m where m.user_id = c.assignee_id and m.provider_id = c.provider_id)) as assignees,
      (select count(*)::int from plan_step s where not exists (select 1 from membership m where m.user_id = s.owner_id and m.provider_id = s.provider_id)) as owners,
      (select count(*)::int from service_delivery d where not exists (select 1 from membership m where m.user_id = d.delivered_by and m.provider_id = d.provider_id)) as deliverers,
      (select count(*)::int from consent c where not exists (select 1 from membership m where m.user_id = c.recorded_by and m.provider_id = c.provider_id)) as recorders,
      (select count(*)::int from referral r join unit_assignment a on a.id = r.assignment_id where a.provider_id <> r.provider_id or a.unit_id <> r.unit_id
         or not daterange(a.starts_on, a.ends_on, '[]') @> (r.submitted_at at time zone 'Europe/Kyiv')::date) as routing,
      (select count(*)::int from referral r join membership m on m.user_id = r.referred_by where m.unit_id <> r.unit_id) as referrers,
      (select count(*)::int from referral r join support_case c on c.id = r.case_id where c.provider_id <> r.provider_id or c.source_id <> r.id) as referral_cases,
      (select count(*)::int from case_transfer t join support_case c on c.id = t.to_case_id where c.provider_id <> t.to_provider_id) as transfers`);
    expect(misplaced).toEqual({ assignees: 0, owners: 0, deliverers: 0, recorders: 0, routing: 0, referrers: 0, referral_cases: 0, transfers: 0 });
  });

  it('is readable through row-level security by its own provider only', async () => {
    // Every generated table that belongs to a provider: forced row-level security and a provider column.
    const owned = (await query<{ t: string }>(a, `select c.relname as t from pg_class c where c.relforcerowsecurity and c.relname = any($1)
      and exists (select 1 from information_schema.columns k where k.table_name = c.relname and k.column_name = 'provider_id') order by 1`,
    [TABLE_NAMES])).map((r) => r.t).filter((t) => t !== 'membership');
    expect(owned).toEqual(expect.arrayContaining(['beneficiary', 'support_case', 'service_delivery', 'plan_step', 'consent', 'referral', 'referral_event', 'audit_log']));
    /** What a transaction with no provider bound (the ministry, the jobs) reads: its own tables, nobody's cases. */
    const ministryReads: Record<string, string> = { referral_deadline: 'true', intake_pause: 'true', accreditation_decision: 'true', audit_log: 'provider_id is null' };
    const mine = [...owned.map((t) => [t, 'provider_id = $1'] as const), ['case_transfer', '$1 in (from_provider_id, to_provider_id)'] as const];
    const providers = await query<{ id: string }>(a, `select id from provider order by id`);
    const c = new pg.Client({ connectionString: a.appUrl });
    await c.connect();
    const count = async (t: string, bind: Record<string, string> = {}) => {
      await c.query('begin');
      for (const [k, v] of Object.entries(bind)) await c.query(`select set_config($1, $2, true)`, [k, v]);
      const n = (await c.query<{ n: number }>(`select count(*)::int as n from "${t}"`)).rows[0]!.n;
      await c.query('rollback');
      return n;
    };
    try {
      for (const [t, own] of mine) {
        const ministry = (await one<{ n: number }>(a, `select count(*)::int as n from "${t}" where ${ministryReads[t] ?? 'false'}`)).n;
        expect(await count(t), `${t} without a tenant`).toBe(ministry);
        for (const p of providers) {
          const owner = (await one<{ n: number }>(a, `select count(*)::int as n from "${t}" where ${own}`, [p.id])).n;
          expect(await count(t, { 'app.tenant_id': p.id }), `${t} as ${p.id}`).toBe(owner);
        }
      }
      // A unit's contacts read their unit's referrals, whichever provider they went to, and nothing else.
      const [unit] = await query<{ id: string; n: number }>(a, `select unit_id as id, count(*)::int as n from referral group by 1 order by 2 desc limit 1`);
      expect(await count('referral', { 'app.unit_id': unit!.id })).toBe(unit!.n);
      expect(await count('support_case', { 'app.unit_id': unit!.id })).toBe(0);
    } finally {
      await c.end();
    }
  });

  it('makes staff and unit contacts who sign in through the API, see only their own provider, and read encrypted RNOKPP', async () => {
    const [admin] = await query<{ email: string; provider_id: string }>(a, `
      select u.email, m.provider_id from user_account u join membership m on m.user_id = u.id
       where 'ngo_admin' = any(m.roles) order by u.email limit 1`);
    const asAdmin = await signIn(admin!.email);
    const staff = await asAdmin('/api/v1/staff?limit=200');
    expect(staff.statusCode).toBe(200);
    const { n } = await one<{ n: number }>(a, `select count(*)::int as n from membership where provider_id = $1`, [admin!.provider_id]);
    expect(staff.json().items).toHaveLength(n);

    // A case manager opens a person of one of their cases: the RNOKPP decrypts, is valid, and
    // the duplicate check finds the person by it (the keyed blind index).
    const [c] = await query<{ email: string; beneficiary_id: string; rnokpp_index: string; last_name: string; first_name: string }>(a, `
      select u.email, b.id as beneficiary_id, b.rnokpp_index, b.last_name, b.first_name from support_case c
        join beneficiary b on b.id = c.beneficiary_id join user_account u on u.id = c.assignee_id
       where b.rnokpp is not null and c.status <> 'closed' order by c.id limit 1`);
    const asManager = await signIn(c!.email);
    const person = await asManager(`/api/v1/beneficiaries/${c!.beneficiary_id}`);
    expect(person.statusCode).toBe(200);
    const rnokpp = person.json().rnokpp as string;
    expect(isValidRnokpp(rnokpp)).toBe(true);
    expect(rnokppIndex(config.keyring, rnokpp)).toBe(c!.rnokpp_index);
    const dup = await asManager('/api/v1/beneficiaries/duplicates', { lastName: c!.last_name, firstName: c!.first_name, rnokpp });
    expect(dup.json().matches.map((m: { id: string }) => m.id)).toContain(c!.beneficiary_id);

    // A unit contact sees their unit's referrals, and no other unit's.
    const [contact] = await query<{ email: string; unit_id: string; n: number }>(a, `
      select u.email, m.unit_id, (select count(*)::int from referral r where r.unit_id = m.unit_id) as n
        from user_account u join membership m on m.user_id = u.id where 'unit_contact' = any(m.roles) order by 3 desc, u.email limit 1`);
    const asContact = await signIn(contact!.email);
    const mine = await asContact('/api/v1/my-unit/referrals?limit=200');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items).toHaveLength(Math.min(200, contact!.n));
  });

  it('reports what the database holds: each provider’s own report and the ministry’s published cells equal direct SQL', async () => {
    const refreshed = await refreshReports({ orm, clock: () => NOW, log: { info: () => {} } }, 2026);
    expect(refreshed.providers).toBe(providerCount(SCALE));
    const QUARTER = { period: '2026-Q3', starts: '2026-07-01', ends: '2026-09-30' };
    const counts = await query<{ provider_id: string; email: string; families: number; new_cases: number; deliveries: number }>(a, `
      select p.id as provider_id,
             (select min(u.email) from membership m join user_account u on u.id = m.user_id where m.provider_id = p.id and 'supervisor' = any(m.roles)) as email,
             (select count(distinct c.beneficiary_id)::int from support_case c where c.provider_id = p.id
                and (c.opened_at at time zone 'Europe/Kyiv')::date <= $2 and (c.closed_at is null or (c.closed_at at time zone 'Europe/Kyiv')::date >= $1)) as families,
             (select count(*)::int from support_case c where c.provider_id = p.id
                and (c.opened_at at time zone 'Europe/Kyiv')::date between $1 and $2) as new_cases,
             (select count(*)::int from service_delivery d where d.provider_id = p.id and d.transferred_from is null
                and d.delivered_on between $1 and $2) as deliveries
        from provider p order by p.id`, [QUARTER.starts, QUARTER.ends]);
    const totalOf = (r: TReport, group: string, key: string) => r.groups.find((x) => x.key === group)!.rows.find((x) => x.key === key)!.cells.at(-1)!;
    const report = async (email: string) => (await (await signIn(email))(`/api/v1/reports/pilot?period=${QUARTER.period}&hierarchy=org`)).json() as TReport;

    // Each provider's own report is unsuppressed and exact.
    for (const c of counts) {
      const own = await report(c.email);
      expect(own.suppressed).toBe(false);
      expect({
        families: totalOf(own, 'families_served', own.node.key).value,
        new_cases: totalOf(own, 'cases_new', own.node.key).value,
        deliveries: totalOf(own, 'deliveries', own.node.key).value,
      }, c.email).toEqual({ families: c.families, new_cases: c.new_cases, deliveries: c.deliveries });
    }
    // The ministry's: every cell it publishes is exact (others are suppressed, never wrong).
    const [coordinator] = await query<{ email: string }>(a, `select u.email from user_account u join membership m on m.user_id = u.id
      where 'ministry_coordinator' = any(m.roles) order by u.email limit 1`);
    const pilot = await report(coordinator!.email);
    expect(pilot.suppressed).toBe(true);
    const sum = (k: 'families' | 'new_cases' | 'deliveries') => counts.reduce((s, c) => s + c[k], 0);
    const published: [string, string, number][] = [
      ['families_served', 'm', sum('families')], ['cases_new', 'm', sum('new_cases')], ['deliveries', 'm', sum('deliveries')],
      ...counts.flatMap((c): [string, string, number][] => [
        ['families_served', `p:${c.provider_id}`, c.families], ['cases_new', `p:${c.provider_id}`, c.new_cases], ['deliveries', `p:${c.provider_id}`, c.deliveries]]),
    ];
    for (const [group, key, expected] of published) {
      const cell = totalOf(pilot, group, key);
      if (cell.state === 'shown') expect(cell.value, `${group} ${key}`).toBe(expected);
    }
    // The pilot's totals are large: small counts under them never hide them.
    expect(totalOf(pilot, 'families_served', 'm')).toEqual({ value: sum('families'), state: 'shown' });
    expect(totalOf(pilot, 'cases_new', 'm')).toEqual({ value: sum('new_cases'), state: 'shown' });
    expect(totalOf(pilot, 'deliveries', 'm')).toEqual({ value: sum('deliveries'), state: 'shown' });
    for (const c of counts) expect(totalOf(pilot, 'deliveries', `p:${c.provider_id}`).state, c.provider_id).toBe('shown');
  }, 600_000);

  it('is deterministic for a seed and a "now", and different for another seed', async () => {
    const small = { ...options, scale: 0.01 };
    const [a2, b, c] = [await createTestDatabase(), await createTestDatabase(), await createTestDatabase()];
    dbs.push(a2, b, c);
    await seedNational({ url: a2.ownerUrl, ...small });
    await seedNational({ url: b.ownerUrl, ...small });
    await seedNational({ url: c.ownerUrl, ...small, seed: 8, password: undefined });
    const [da, db, dc] = [await digest(a2), await digest(b), await digest(c)];
    expect(db).toEqual(da);
    expect(dc.provider).not.toEqual(da.provider);
    expect(dc.support_case).not.toEqual(da.support_case);
    // Without a password nobody can sign in: the staff stay invited.
    expect((await query<{ status: string }>(c, `select distinct status from user_account`)).map((r) => r.status)).toEqual(['invited']);
  }, 120_000);

  it('fills only an empty database, and only as a role that may write past row-level security', async () => {
    await expect(seedNational({ url: a.ownerUrl, ...options })).rejects.toThrow(/empty database/);
    const d = await createTestDatabase();
    dbs.push(d);
    await expect(seedNational({ url: d.appUrl, ...options })).rejects.toThrow(/BYPASSRLS/);
  });
});
