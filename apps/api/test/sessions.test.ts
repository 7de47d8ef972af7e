import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

const signIn = async (email: string, agent: string) => (await t.login(email, { headers: { 'user-agent': agent } })).json().accessToken as string;
const get = (token: string, url: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

describe('sessions', () => {
  it('lists the devices a person is signed in on, marking this one', async () => {
    const laptop = await signIn('manager1@razom.demo', 'Laptop Firefox');
    await signIn('manager1@razom.demo', 'Phone Chrome');
    const items = (await get(laptop, '/api/v1/me/sessions')).json().items;
    expect(items.map((s: { userAgent: string }) => s.userAgent).sort()).toEqual(['Laptop Firefox', 'Phone Chrome']);
    expect(items.filter((s: { current: boolean }) => s.current).map((s: { userAgent: string }) => s.userAgent)).toEqual(['Laptop Firefox']);
  });

  it('ends one session, or all others', async () => {
    const a = await signIn('manager2@razom.demo', 'A');
    const b = await signIn('manager2@razom.demo', 'B');
    const c = await signIn('manager2@razom.demo', 'C');
    const list = (await get(a, '/api/v1/me/sessions')).json().items as { id: string; userAgent: string }[];
    const bId = list.find((s) => s.userAgent === 'B')!.id;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${bId}`, headers: { authorization: `Bearer ${a}` } })).statusCode).toBe(204);
    expect((await get(b, '/api/v1/me')).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/me/sessions/revoke-others', headers: { authorization: `Bearer ${a}` } })).statusCode).toBe(204);
    expect((await get(c, '/api/v1/me')).statusCode).toBe(401);
    expect((await get(a, '/api/v1/me')).statusCode).toBe(200);
  });

  it("cannot end someone else's session", async () => {
    const mine = await signIn('supervisor@razom.demo', 'X');
    const theirs = await signIn('manager1@razom.demo', 'Y');
    const [s] = (await get(theirs, '/api/v1/me/sessions')).json().items;
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${s.id}`, headers: { authorization: `Bearer ${mine}` } });
    expect(res.statusCode).toBe(404);
    expect((await get(theirs, '/api/v1/me')).statusCode).toBe(200);
  });

  it('an NGO admin ends every session of a staff member', async () => {
    const token = await signIn('supervisor@razom.demo', 'lost phone');
    const [u] = await t.sql<{ id: string }>(`select id from user_account where email = 'supervisor@razom.demo'`);
    const res = await t.as('admin@razom.demo', { method: 'POST', url: `/api/v1/staff/${u!.id}/revoke-sessions` });
    expect(res.statusCode).toBe(204);
    expect((await get(token, '/api/v1/me')).statusCode).toBe(401);
  });
});
