import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

const login = (email: string, password = DEMO_PASSWORD, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, headers });
const refreshCookie = (res: { cookies: { name: string; value: string }[] }) => res.cookies.find((c) => c.name === 'pilot_refresh')!;

describe('sign-in', () => {
  it('answers an access token, the user, and a rotating refresh cookie', async () => {
    const res = await login('manager2@razom.demo');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.expiresIn).toBe(900);
    expect(body.user).toMatchObject({ email: 'manager2@razom.demo', roles: ['case_manager'], provider: { name: 'ГО «Разом»' } });
    const cookie = res.cookies.find((c) => c.name === 'pilot_refresh')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${body.accessToken}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().email).toBe('manager2@razom.demo');
  });

  it('stores passwords as argon2id hashes', async () => {
    const [row] = await t.sql<{ password_hash: string }>(`select password_hash from user_account where email = 'admin@razom.demo'`);
    expect(row!.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('gives the same answer for a wrong password and an unknown email', async () => {
    const wrong = await login('manager1@razom.demo', 'wrong-password-123');
    const unknown = await login('nobody@razom.demo', 'wrong-password-123');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined });
    expect(strip(wrong.json())).toEqual(strip(unknown.json()));
  });

  it('locks an address for 15 minutes after 5 failures in a row, known or not', async () => {
    for (const email of ['manager2@nadiya.demo', 'ghost@nowhere.demo']) {
      const answers: number[] = [];
      for (let i = 0; i < 5; i++) answers.push((await login(email, 'nope-nope-nope')).statusCode);
      expect(answers).toEqual([401, 401, 401, 401, 429]);
      const locked = await login(email, email.startsWith('ghost') ? 'x' : DEMO_PASSWORD);
      expect(locked.statusCode).toBe(429);
      expect(locked.json()).toMatchObject({ code: 'account_locked' });
      expect(locked.json().retryAfter).toBeGreaterThan(14 * 60);
    }
    // When the lock has passed, the right password works again.
    await t.sql(`update login_throttle set locked_until = now() - interval '1 second' where email = 'manager2@nadiya.demo'`);
    expect((await login('manager2@nadiya.demo')).statusCode).toBe(200);
  });

  it('lets one person sign in from several devices at the same moment', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => login('manager1@nadiya.demo')));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    const [row] = await t.sql<{ last_login_at: Date | null }>(`select last_login_at from user_account where email = 'manager1@nadiya.demo'`);
    expect(row!.last_login_at).not.toBeNull();
  });

  it('refuses deactivated and not-yet-accepted accounts', async () => {
    await t.sql(`update user_account set status = 'deactivated' where email = 'manager2@razom.demo'`);
    expect((await login('manager2@razom.demo')).statusCode).toBe(401);
    await t.sql(`update user_account set status = 'active' where email = 'manager2@razom.demo'`);
  });
});

describe('refresh tokens', () => {
  it('rotate on use; replaying a rotated one revokes the whole session', async () => {
    const first = await login('manager2@nadiya.demo');
    const c1 = refreshCookie(first);
    const r1 = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies: { pilot_refresh: c1.value } });
    expect(r1.statusCode).toBe(200);
    const c2 = refreshCookie(r1);
    expect(c2.value).not.toBe(c1.value);

    // Within the grace period a replay is refused without ending the session (parallel tabs).
    const race = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies: { pilot_refresh: c1.value } });
    expect(race.json().code).toBe('refresh_superseded');

    // Later, a replay means someone holds a copy: the session family is revoked.
    await t.sql(`update refresh_token set used_at = now() - interval '1 minute' where used_at is not null`);
    const replay = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies: { pilot_refresh: c1.value } });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('invalid_refresh_token');
    const afterTheft = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies: { pilot_refresh: c2.value } });
    expect(afterTheft.statusCode).toBe(401);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${r1.json().accessToken}` } });
    expect(me.statusCode).toBe(401);
    expect(me.json().code).toBe('session_revoked');
    const [audit] = await t.sql(`select count(*)::int as n from audit_log where action = 'auth.refresh_reuse_detected'`);
    expect(audit!.n).toBe(1);
  });

  it('logout ends the session and clears the cookie', async () => {
    const res = await login('manager1@nadiya.demo');
    const access = res.json().accessToken;
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: { pilot_refresh: refreshCookie(res).value }, headers: { authorization: `Bearer ${access}` } });
    expect(out.statusCode).toBe(204);
    expect(refreshCookie(out).value).toBe('');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${access}` } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies: { pilot_refresh: refreshCookie(res).value } })).statusCode).toBe(401);
  });

  it('over HTTPS the cookie is __Host- prefixed: Secure, the whole host, no Domain; only that name refreshes', async () => {
    const https = await startTestApp({ PUBLIC_URL: 'https://pilot.example.org' });
    try {
      const res = await https.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'manager1@razom.demo', password: DEMO_PASSWORD } });
      const cookie = res.cookies.find((c) => c.name === '__Host-pilot_refresh')!;
      expect(cookie).toMatchObject({ secure: true, path: '/', httpOnly: true, sameSite: 'Strict' });
      expect(cookie.domain).toBeUndefined();
      expect(res.cookies.find((c) => c.name === 'pilot_refresh')).toBeUndefined();
      const refresh = (cookies: Record<string, string>) => https.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies });
      // A cookie without the prefix could have been planted by a sibling subdomain: not a session.
      expect((await refresh({ pilot_refresh: cookie.value })).statusCode).toBe(401);
      expect((await refresh({ '__Host-pilot_refresh': cookie.value })).statusCode).toBe(200);
    } finally {
      await https.close();
    }
  });
});

describe('access tokens', () => {
  it('are refused when expired, forged or missing', async () => {
    const expired = t.app.jwt.sign({ sub: 'x', sid: 'y', roles: ['ngo_admin'], pid: null, uid: null }, { expiresIn: -10 });
    const r1 = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${expired}` } });
    expect(r1.json().code).toBe('token_expired');
    const r2 = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer abc.def.ghi' } });
    expect(r2.json().code).toBe('invalid_token');
    const r3 = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(r3.statusCode).toBe(401);
  });

  it('stop working at once when the user is deactivated', async () => {
    const token = (await login('manager2@razom.demo')).json().accessToken;
    await t.sql(`update user_account set status = 'deactivated' where email = 'manager2@razom.demo'`);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(401);
    await t.sql(`update user_account set status = 'active' where email = 'manager2@razom.demo'`);
  });
});

describe('passwords', () => {
  it('change requires the current password and a long enough new one', async () => {
    const short = await t.as('manager1@razom.demo', { method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: DEMO_PASSWORD, newPassword: 'short' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0].path).toBe('body.newPassword');
    const wrong = await t.as('manager1@razom.demo', { method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: 'not-my-password', newPassword: 'a-much-longer-password' } });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors[0].path).toBe('body.currentPassword');
    const ok = await t.as('manager1@razom.demo', { method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: DEMO_PASSWORD, newPassword: 'a-much-longer-password' } });
    expect(ok.statusCode).toBe(204);
    expect((await login('manager1@razom.demo', 'a-much-longer-password')).statusCode).toBe(200);
    // The change, and only the change that happened, is emailed to the person.
    const notices = await t.mailsTo('manager1@razom.demo', 'Зміна даних для входу');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toContain('змінено пароль');
    expect(notices[0]!.text).toContain('/forgot-password');
  });

  it('reset by email: the same answer for unknown addresses, a one-time link that sets a new password', async () => {
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'nobody@x.demo' } });
    const known = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'supervisor@nadiya.demo' } });
    expect(unknown.statusCode).toBe(202);
    expect(known.statusCode).toBe(202);
    expect(known.body).toBe(unknown.body);
    const jobs = await t.sql<{ data: { to: string; text: string } }>(`select data from pgboss.job where name = 'email.send' and data->>'to' = 'supervisor@nadiya.demo'`);
    expect(jobs).toHaveLength(1);
    const token = /reset-password\/([\w-]+)/.exec(jobs[0]!.data.text)![1]!;
    const confirm = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, password: 'brand-new-password-1' } });
    expect(confirm.statusCode).toBe(204);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, password: 'another-password-22' } });
    expect(again.statusCode).toBe(410);
    expect((await login('supervisor@nadiya.demo', 'brand-new-password-1')).statusCode).toBe(200);
    const [notice] = await t.mailsTo('supervisor@nadiya.demo', 'Зміна даних для входу');
    expect(notice!.text).toContain('пароль встановлено заново');
  });
});

describe('password policy', () => {
  it('refuses passwords known from breaches, by length not composition', async () => {
    const { isCommonPassword } = await import('../src/modules/identity/password-policy.ts');
    expect(isCommonPassword('qwertyuiop123')).toBe(true);
    expect(isCommonPassword('Slava Ukraini')).toBe(true);
    expect(isCommonPassword('1qaz2wsx3edc')).toBe(true);
    expect(isCommonPassword('aaaaaaaaaaaaaa')).toBe(true);
    expect(isCommonPassword('tram-river-copper-lantern')).toBe(false);
    const res = await t.as('manager2@nadiya.demo', { method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: DEMO_PASSWORD, newPassword: 'qwertyuiop123' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ path: 'body.newPassword', message: 'Too common', code: 'password_too_common' }]);
  });
});
