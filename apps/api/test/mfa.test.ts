import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

const password = (email: string, pw = DEMO_PASSWORD) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: pw } });
const second = (mfaToken: string, body: Record<string, string>) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login/mfa', payload: { mfaToken, ...body } });
const bearer = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
/** The code an authenticator app shows for `secret` at the app's next clock step. */
const codeFor = (secret: string) => {
  t.totpCode(); // moves the app's clock one step on
  const now = t.app.clock().getTime();
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: now });
};

describe('two-factor sign-in', () => {
  it('asks roles that require it for a code after the password, and accepts each code once', async () => {
    const first = await password('admin@razom.demo');
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ mfaRequired: true, expiresIn: 300 });
    expect(first.json().accessToken).toBeUndefined();
    expect(first.cookies.find((c) => c.name === 'pilot_refresh')).toBeUndefined();

    const wrong = await second(first.json().mfaToken, { code: '000000' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('invalid_code');

    const code = t.totpCode();
    const ok = await second(first.json().mfaToken, { code });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.mfa).toEqual({ enabled: true, required: true, enrollmentPending: false });

    // The same challenge, or the same code in a new sign-in, is refused.
    expect((await second(first.json().mfaToken, { code })).statusCode).toBe(410);
    const again = await password('admin@razom.demo');
    expect((await second(again.json().mfaToken, { code })).statusCode).toBe(401);
    const [audit] = await t.sql<{ meta: { method: string } }>(`select meta from audit_log where action = 'auth.login' order by id desc limit 1`);
    expect(audit!.meta.method).toBe('totp');
  });

  it('locks the address after five wrong codes', async () => {
    const challenge = (await password('supervisor@nadiya.demo')).json().mfaToken;
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push((await second(challenge, { code: '123456' })).statusCode);
    expect(answers).toEqual([401, 401, 401, 401, 429]);
    expect((await second(challenge, { code: t.totpCode() })).statusCode).toBe(429);
    await t.sql(`delete from login_throttle where email = 'supervisor@nadiya.demo'`);
  });

  it('keeps the TOTP secret encrypted in the database', async () => {
    const [row] = await t.sql<{ totp_secret: string }>(`select totp_secret from user_account where email = 'admin@razom.demo'`);
    expect(row!.totp_secret).toMatch(/^v1\./);
    expect(row!.totp_secret).not.toContain(DEMO_TOTP_SECRET);
  });
});

describe('setting it up', () => {
  it('a new NGO admin must set it up before anything else, and gets recovery codes once', async () => {
    await t.as('operator@pilot.demo', {
      method: 'POST', url: '/api/v1/providers',
      payload: { name: 'ГО «Світанок»', edrpou: '37412349', oblastCode: 'UA46000000000026241', contactEmail: 'info@svitanok.demo', contactPhone: '+380322000000', admin: { email: 'admin@svitanok.demo', fullName: 'Леся Коваль' } },
    });
    const [job] = await t.sql<{ data: { text: string } }>(`select data from pgboss.job where data->>'to' = 'admin@svitanok.demo'`);
    const token = /invite\/([\w-]+)/.exec(job!.data.text)![1]!;
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/invitations/accept', payload: { token, password: 'svitanok-long-password' } });

    const login = await password('admin@svitanok.demo', 'svitanok-long-password');
    expect(login.json().user.mfa).toEqual({ enabled: false, required: true, enrollmentPending: true });
    const access = login.json().accessToken;
    expect((await bearer(access, 'GET', '/api/v1/me')).statusCode).toBe(200);
    const blocked = await bearer(access, 'GET', '/api/v1/staff');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('mfa_enrollment_required');

    const setup = (await bearer(access, 'POST', '/api/v1/me/mfa/setup')).json();
    expect(setup.otpauthUri).toMatch(/^otpauth:\/\/totp\/Pilot:admin%40svitanok\.demo\?/);
    expect((await bearer(access, 'POST', '/api/v1/me/mfa/enable', { code: '000000' })).statusCode).toBe(422);
    const enabled = await bearer(access, 'POST', '/api/v1/me/mfa/enable', { code: codeFor(setup.secret) });
    expect(enabled.statusCode).toBe(200);
    expect(enabled.json().recoveryCodes).toHaveLength(10);
    expect((await bearer(enabled.json().accessToken, 'GET', '/api/v1/staff')).statusCode).toBe(200);

    // A recovery code signs in once.
    const recovery = enabled.json().recoveryCodes[0];
    const challenge = (await password('admin@svitanok.demo', 'svitanok-long-password')).json().mfaToken;
    expect((await second(challenge, { recoveryCode: recovery.toUpperCase() })).statusCode).toBe(200);
    const challenge2 = (await password('admin@svitanok.demo', 'svitanok-long-password')).json().mfaToken;
    expect((await second(challenge2, { recoveryCode: recovery })).statusCode).toBe(401);
    const status = (await t.as('admin@razom.demo', { method: 'GET', url: '/api/v1/me/mfa' })).json();
    expect(status).toMatchObject({ enabled: true, required: true });

    // New recovery codes take a current code; the old ones stop working, and the person is told.
    const access2 = (await second((await password('admin@svitanok.demo', 'svitanok-long-password')).json().mfaToken, { code: codeFor(setup.secret) })).json().accessToken;
    expect((await bearer(access2, 'POST', '/api/v1/me/mfa/recovery-codes', { code: '000000' })).statusCode).toBe(422);
    const renewed = await bearer(access2, 'POST', '/api/v1/me/mfa/recovery-codes', { code: codeFor(setup.secret) });
    expect(renewed.json().recoveryCodes).toHaveLength(10);
    const challenge3 = (await password('admin@svitanok.demo', 'svitanok-long-password')).json().mfaToken;
    expect((await second(challenge3, { recoveryCode: enabled.json().recoveryCodes[1] })).statusCode).toBe(401);
    const notices = await t.mailsTo('admin@svitanok.demo', 'Зміна даних для входу');
    expect(notices.map((n) => /: (.+)\./.exec(n.text)![1])).toEqual(['увімкнено двофакторний вхід', 'видано нові резервні коди (старі більше не діють)']);
  });

  it('is optional for case managers, who can turn it on and off', async () => {
    const access = await t.token('manager1@razom.demo');
    const setup = (await bearer(access, 'POST', '/api/v1/me/mfa/setup')).json();
    expect((await bearer(access, 'POST', '/api/v1/me/mfa/enable', { code: codeFor(setup.secret) })).statusCode).toBe(200);
    const challenge = await password('manager1@razom.demo');
    expect(challenge.json().mfaRequired).toBe(true);
    const off = await bearer(access, 'POST', '/api/v1/me/mfa/disable', { password: DEMO_PASSWORD, code: codeFor(setup.secret) });
    expect(off.statusCode).toBe(204);
    expect((await password('manager1@razom.demo')).json().accessToken).toBeTruthy();
    const notices = await t.mailsTo('manager1@razom.demo', 'Зміна даних для входу');
    expect(notices.map((n) => /: (.+)\./.exec(n.text)![1])).toEqual(['увімкнено двофакторний вхід', 'вимкнено двофакторний вхід']);
  });

  it('cannot be turned off where the role requires it', async () => {
    const res = await t.as('supervisor@razom.demo', { method: 'POST', url: '/api/v1/me/mfa/disable', payload: { password: DEMO_PASSWORD, code: t.totpCode() } });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('mfa_required_by_role');
  });

  it("an NGO admin resets a staff member's lost authenticator, ending their sessions", async () => {
    const supervisorToken = await t.token('supervisor@razom.demo');
    const [u] = await t.sql<{ id: string }>(`select id from user_account where email = 'supervisor@razom.demo'`);
    expect((await t.as('admin@razom.demo', { method: 'POST', url: `/api/v1/staff/${u!.id}/reset-mfa` })).statusCode).toBe(204);
    expect((await bearer(supervisorToken, 'GET', '/api/v1/me')).statusCode).toBe(401);
    const login = await password('supervisor@razom.demo');
    expect(login.json().user.mfa.enrollmentPending).toBe(true);
    const [notice] = await t.mailsTo('supervisor@razom.demo', 'Зміна даних для входу');
    expect(notice!.text).toContain('адміністратор вашої організації скинув двофакторний вхід');
  });
});
