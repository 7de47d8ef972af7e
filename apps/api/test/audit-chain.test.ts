import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS, startTestApp, type TestApp } from './harness.ts';
import { sealAll } from '../src/modules/audit/chain.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

const verify = async (who: string) => (await t.as(who, { method: 'GET', url: '/api/v1/audit/verify' })).json();
const seal = () => sealAll(t.orm, () => {});
/** Tampering as the database superuser would: past the append-only trigger. */
const tamper = (sql: string, params: unknown[] = []) => t.sql(`begin; set local session_replication_role = replica; ${sql}; commit;`.replace(/\$1/g, `'${params[0]}'`));

describe('the audit hash chain', () => {
  it('seals every entry per provider and verifies clean', async () => {
    await t.token('admin@razom.demo');
    await t.token('supervisor@razom.demo');
    await t.token('admin@nadiya.demo');
    await seal();
    const report = await verify('admin@razom.demo');
    expect(report).toMatchObject({ ok: true, unsealed: 0, problems: [] });
    expect(report.checked).toBeGreaterThanOrEqual(2);
    const chains = await t.sql<{ chain_id: string; n: number }>(`select chain_id, count(*)::int as n from audit_chain group by chain_id`);
    expect(chains.map((c) => c.chain_id)).toEqual(expect.arrayContaining([DEMO_IDS.razom, DEMO_IDS.nadiya]));
  });

  it('continues the chain where it stopped', async () => {
    const before = (await verify('admin@razom.demo')).checked;
    await t.as('admin@razom.demo', { method: 'GET', url: '/api/v1/audit' });
    await t.as('supervisor@razom.demo', { method: 'GET', url: '/api/v1/me' });
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'manager1@razom.demo', password: 'pilot-demo-2026' } });
    await seal();
    const after = await verify('admin@razom.demo');
    expect(after.ok).toBe(true);
    expect(after.checked).toBeGreaterThan(before);
  });

  it('reports a changed entry, and only in its own provider', async () => {
    const [victim] = await t.sql<{ id: string }>(`select id from audit_log where provider_id = $1 order by id limit 1`, [DEMO_IDS.nadiya]);
    await tamper(`update audit_log set action = 'auth.nothing_to_see' where id = $1`, [victim!.id]);
    const nadiya = await verify('admin@nadiya.demo');
    expect(nadiya.ok).toBe(false);
    expect(nadiya.problems).toContainEqual({ seq: 1, auditId: victim!.id, problem: 'entry_changed' });
    expect((await verify('admin@razom.demo')).ok).toBe(true);
  });

  it('reports a deleted entry', async () => {
    const rows = await t.sql<{ audit_id: string; seq: string }>(`select audit_id, seq from audit_chain where chain_id = $1 order by seq`, [DEMO_IDS.razom]);
    const victim = rows[1]!;
    await tamper(`delete from audit_log where id = $1`, [victim.audit_id]);
    const report = await verify('admin@razom.demo');
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual({ seq: Number(victim.seq), auditId: victim.audit_id, problem: 'entry_deleted' });
  });

  it('is for NGO admins and the platform operator', async () => {
    expect((await t.as('manager1@razom.demo', { method: 'GET', url: '/api/v1/audit/verify' })).statusCode).toBe(403);
    expect((await t.as('coordinator@minsoc.demo', { method: 'GET', url: '/api/v1/audit/verify' })).statusCode).toBe(403);
    const platform = await t.as('operator@pilot.demo', { method: 'GET', url: '/api/v1/audit/verify' });
    expect(platform.statusCode).toBe(200);
  });
});
