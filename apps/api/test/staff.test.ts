import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS, startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

const invite = (email: string, headers: Record<string, string> = {}) => t.as('admin@razom.demo', {
  method: 'POST', url: '/api/v1/staff', headers,
  payload: { email, fullName: 'Нова Кейс-менеджерка', phone: '067 123 45 67', roles: ['case_manager'] },
});

describe('staff management', () => {
  it("lists the admin's own provider's staff only, with paging", async () => {
    const page1 = await t.as('admin@razom.demo', { method: 'GET', url: '/api/v1/staff?limit=2' });
    expect(page1.statusCode).toBe(200);
    expect(page1.json().items).toHaveLength(2);
    const page2 = await t.as('admin@razom.demo', { method: 'GET', url: `/api/v1/staff?limit=2&cursor=${page1.json().nextCursor}` });
    const emails = [...page1.json().items, ...page2.json().items].map((s: { email: string }) => s.email);
    expect(emails.sort()).toEqual(['admin@razom.demo', 'manager1@razom.demo', 'manager2@razom.demo', 'supervisor@razom.demo']);
    expect(page2.json().nextCursor).toBeNull();
  });

  it('is for NGO admins only', async () => {
    for (const who of ['supervisor@razom.demo', 'manager1@razom.demo', 'coordinator@minsoc.demo', 'operator@pilot.demo', 'unit1@army.demo']) {
      const res = await t.as(who, { method: 'GET', url: '/api/v1/staff' });
      expect(res.statusCode, who).toBe(403);
    }
  });

  it('invites by email: the invitee sets a password from the link and signs in', async () => {
    const res = await invite('new.manager@razom.demo');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ email: 'new.manager@razom.demo', status: 'invited', roles: ['case_manager'], phone: '+380671234567' });
    const [job] = await t.sql<{ data: { text: string; subject: string } }>(`select data from pgboss.job where name = 'email.send' and data->>'to' = 'new.manager@razom.demo'`);
    expect(job!.data.subject).toContain('Разом');
    const token = /invite\/([\w-]+)/.exec(job!.data.text)![1]!;
    const info = await t.app.inject({ method: 'GET', url: `/api/v1/auth/invitations/${token}` });
    expect(info.json()).toEqual({ email: 'new.manager@razom.demo', fullName: 'Нова Кейс-менеджерка', organisation: 'ГО «Разом»' });
    const accept = await t.app.inject({ method: 'POST', url: '/api/v1/auth/invitations/accept', payload: { token, password: 'my-own-long-password' } });
    expect(accept.statusCode).toBe(204);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'new.manager@razom.demo', password: 'my-own-long-password' } });
    expect(login.statusCode).toBe(200);
    expect(login.json().user.provider.name).toBe('ГО «Разом»');
    const reuse = await t.app.inject({ method: 'POST', url: '/api/v1/auth/invitations/accept', payload: { token, password: 'my-own-long-password' } });
    expect(reuse.statusCode).toBe(410);
  });

  it('refuses an email that already has an account', async () => {
    const res = await invite('manager1@nadiya.demo');
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('email_taken');
  });

  it('creates once per Idempotency-Key, replaying the first answer', async () => {
    const key = { 'idempotency-key': 'invite-double-tap-1' };
    const a = await invite('double.tap@razom.demo', key);
    const b = await invite('double.tap@razom.demo', key);
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.json()).toEqual(a.json());
    expect(await t.sql(`select 1 from user_account where email = 'double.tap@razom.demo'`)).toHaveLength(1);
  });

  it('changes roles, deactivates (ending sessions) and reactivates', async () => {
    const [m] = await t.sql<{ id: string }>(`select id from user_account where email = 'manager2@razom.demo'`);
    const token = await t.token('manager2@razom.demo');
    const roles = await t.as('admin@razom.demo', { method: 'PATCH', url: `/api/v1/staff/${m!.id}`, payload: { roles: ['case_manager', 'supervisor'] } });
    expect(roles.json().roles).toEqual(['case_manager', 'supervisor']);
    const off = await t.as('admin@razom.demo', { method: 'PATCH', url: `/api/v1/staff/${m!.id}`, payload: { status: 'deactivated' } });
    expect(off.json().status).toBe('deactivated');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    const on = await t.as('admin@razom.demo', { method: 'PATCH', url: `/api/v1/staff/${m!.id}`, payload: { status: 'active' } });
    expect(on.json().status).toBe('active');
  });

  it('does not let an admin lock themselves out', async () => {
    const [me] = await t.sql<{ id: string }>(`select id from user_account where email = 'admin@razom.demo'`);
    const res = await t.as('admin@razom.demo', { method: 'PATCH', url: `/api/v1/staff/${me!.id}`, payload: { status: 'deactivated' } });
    expect(res.statusCode).toBe(409);
  });

  it("answers 404 for another provider's staff member", async () => {
    const [other] = await t.sql<{ id: string }>(`select id from user_account where email = 'manager1@nadiya.demo'`);
    const res = await t.as('admin@razom.demo', { method: 'PATCH', url: `/api/v1/staff/${other!.id}`, payload: { status: 'deactivated' } });
    expect(res.statusCode).toBe(404);
    const [still] = await t.sql<{ status: string }>(`select status from user_account where id = $1`, [other!.id]);
    expect(still!.status).toBe('active');
  });

  it('writes every change to the audit log, readable by the provider only', async () => {
    const res = await t.as('admin@razom.demo', { method: 'GET', url: '/api/v1/audit?action=staff.update' });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.length).toBeGreaterThanOrEqual(3);
    const other = await t.as('admin@nadiya.demo', { method: 'GET', url: '/api/v1/audit?action=staff.update' });
    expect(other.json().items).toEqual([]);
  });
});

describe('a change of roles takes effect on the next request (ASVS 4.1.2)', () => {
  /** A token of a session of its own (tests above end sessions of the same people). */
  const freshToken = (email: string) => { t.forget(email); return t.token(email); };

  it('a case manager made supervisor must set up two-factor sign-in first, with the same token', async () => {
    const [m] = await t.sql<{ id: string }>(`select id from user_account where email = 'manager1@razom.demo'`);
    const token = await freshToken('manager1@razom.demo');
    const cases = () => t.app.inject({ method: 'GET', url: '/api/v1/cases?limit=200', headers: { authorization: `Bearer ${token}` } });
    const own = (await cases()).json().items.length;
    await t.as('admin@razom.demo', { method: 'PATCH', url: `/api/v1/staff/${m!.id}`, payload: { roles: ['case_manager', 'supervisor'] } });
    try {
      // Supervisors need two-factor sign-in (demo config): not the whole caseload before it is set up.
      const res = await cases();
      expect(res.statusCode, `${own} cases before; ${res.body.slice(0, 200)}`).toBe(403);
      expect(res.json().code).toBe('mfa_enrollment_required');
      const setup = await t.app.inject({ method: 'GET', url: '/api/v1/me/mfa', headers: { authorization: `Bearer ${token}` } });
      expect(setup.statusCode).toBe(200);
    } finally {
      await t.as('admin@razom.demo', { method: 'PATCH', url: `/api/v1/staff/${m!.id}`, payload: { roles: ['case_manager'] } });
    }
  });

  it('a supervisor demoted to case manager is refused the dashboard and cases outside the caseload, with the same token', async () => {
    const [sup] = await t.sql<{ id: string }>(`select id from user_account where email = 'supervisor@razom.demo'`);
    // A case the supervisor reads only as supervisor: assigned to someone else.
    const [other] = await t.sql<{ id: string }>(
      `select id from support_case where provider_id = $1 and assignee_id is distinct from $2 limit 1`, [DEMO_IDS.razom, sup!.id]);
    const token = await freshToken('supervisor@razom.demo');
    const asSup = (url: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    expect((await asSup('/api/v1/dashboard/supervisor')).statusCode).toBe(200);
    expect((await asSup(`/api/v1/cases/${other!.id}`)).statusCode).toBe(200);
    try {
      const demote = await t.as('admin@razom.demo', { method: 'PATCH', url: `/api/v1/staff/${sup!.id}`, payload: { roles: ['case_manager'] } });
      expect(demote.statusCode).toBe(200);
      // What a case manager gets for the dashboard, and not-found for a case not theirs.
      const managerGets = (await t.as('manager1@razom.demo', { method: 'GET', url: '/api/v1/dashboard/supervisor' })).statusCode;
      expect((await asSup('/api/v1/dashboard/supervisor')).statusCode).toBe(managerGets);
      const c = await asSup(`/api/v1/cases/${other!.id}`);
      expect(c.statusCode).toBe(404);
      expect((await asSup('/api/v1/cases?limit=200')).json().items.map((i: { id: string }) => i.id)).not.toContain(other!.id);
      expect((await asSup('/api/v1/me')).json().roles).toEqual(['case_manager']);
    } finally {
      await t.as('admin@razom.demo', { method: 'PATCH', url: `/api/v1/staff/${sup!.id}`, payload: { roles: ['supervisor'] } });
    }
    // Given back, the role works again on the same token.
    expect((await asSup('/api/v1/dashboard/supervisor')).statusCode).toBe(200);
  });

  it('a token whose provider is no longer the membership\'s is refused (sign in again)', async () => {
    const [m] = await t.sql<{ id: string }>(`select id from user_account where email = 'manager1@razom.demo'`);
    const token = await freshToken('manager1@razom.demo');
    const cases = () => t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { authorization: `Bearer ${token}` } });
    expect((await cases()).statusCode).toBe(200);
    await t.sql(`update membership set provider_id = $1 where user_id = $2`, [DEMO_IDS.nadiya, m!.id]);
    try {
      const res = await cases();
      expect(res.statusCode).toBe(401);
    } finally {
      await t.sql(`update membership set provider_id = $1 where user_id = $2`, [DEMO_IDS.razom, m!.id]);
    }
  });
});
