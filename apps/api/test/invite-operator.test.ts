import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteOperator } from '../src/modules/identity/operators.ts';
import { startTestApp, type TestApp } from './harness.ts';

/** A new installation's first platform operator, invited from the command line. */
let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

describe('invite-operator', () => {
  it('creates an invited platform operator whose one-time link sets a password', async () => {
    const link = await inviteOperator(t.orm, t.config.publicUrl, { email: ' First.Operator@Example.org ', fullName: 'Перша Операторка' });
    expect(link.startsWith(`${t.config.publicUrl}/invite/`)).toBe(true);
    const token = link.split('/').pop()!;
    const accept = await t.app.inject({ method: 'POST', url: '/api/v1/auth/invitations/accept', payload: { token, password: 'a-long-operator-password' } });
    expect(accept.statusCode).toBe(204);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'first.operator@example.org', password: 'a-long-operator-password' } });
    expect(login.statusCode).toBe(200);
    expect(login.json().user).toMatchObject({ roles: ['platform_operator'], provider: null });
    const [audit] = await t.sql<{ provider_id: string | null; meta: { via: string } }>(
      `select l.provider_id, l.meta from audit_log l join user_account u on u.id::text = l.entity_id
        where l.action = 'user.invited' and u.email = 'first.operator@example.org'`);
    expect(audit).toEqual({ provider_id: null, meta: { roles: ['platform_operator'], via: 'cli' } });
  });

  it('refuses an email that already has an account, and writes nothing', async () => {
    await expect(inviteOperator(t.orm, t.config.publicUrl, { email: 'admin@razom.demo', fullName: 'Хтось' })).rejects.toThrow(/already exists/);
    const rows = await t.sql(`select 1 from membership m join user_account u on u.id = m.user_id where u.email = 'admin@razom.demo' and 'platform_operator' = any(m.roles)`);
    expect(rows).toEqual([]);
  });
});
