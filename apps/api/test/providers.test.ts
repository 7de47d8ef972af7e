import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

const create = (edrpou: string) => t.as('operator@pilot.demo', {
  method: 'POST', url: '/api/v1/providers',
  payload: {
    name: 'ГО «Пліч-о-пліч»', edrpou, oblastCode: 'UA63000000000041885', contactEmail: 'Info@Plich.demo',
    contactPhone: '+380 57 700 00 00', admin: { email: 'admin@plich.demo', fullName: 'Адмін Пліч' },
  },
});

describe('providers', () => {
  it('the platform operator creates a provider and invites its first NGO admin', async () => {
    const res = await create('37412349');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ edrpou: '37412349', contactEmail: 'info@plich.demo', contactPhone: '+380577000000', accreditationStatus: 'pending' });
    const [m] = await t.sql<{ provider_id: string; roles: string[] }>(`select m.provider_id, m.roles from membership m join user_account u on u.id = m.user_id where u.email = 'admin@plich.demo'`);
    expect(m).toEqual({ provider_id: res.json().id, roles: ['ngo_admin'] });
    expect(await t.sql(`select 1 from pgboss.job where name = 'email.send' and data->>'to' = 'admin@plich.demo'`)).toHaveLength(1);
  });

  it('refuses a duplicate EDRPOU and a bad checksum', async () => {
    expect((await create('37412349')).statusCode).toBe(409);
    const bad = await create('37412348');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('body.edrpou');
  });

  it('the ministry reads the list; NGO roles and unit contacts cannot', async () => {
    const list = await t.as('coordinator@minsoc.demo', { method: 'GET', url: '/api/v1/providers' });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((p: { name: string }) => p.name)).toContain('ГО «Разом»');
    for (const who of ['admin@razom.demo', 'manager1@razom.demo', 'unit1@army.demo']) {
      expect((await t.as(who, { method: 'GET', url: '/api/v1/providers' })).statusCode, who).toBe(403);
    }
    const create = await t.as('coordinator@minsoc.demo', { method: 'POST', url: '/api/v1/providers', payload: {} });
    expect(create.statusCode).toBe(403);
  });

  it('edits a provider', async () => {
    const [p] = await t.sql<{ id: string }>(`select id from provider where edrpou = '00132397'`);
    const res = await t.as('operator@pilot.demo', { method: 'PATCH', url: `/api/v1/providers/${p!.id}`, payload: { contactPhone: '0441112233' } });
    expect(res.json().contactPhone).toBe('+380441112233');
  });
});
