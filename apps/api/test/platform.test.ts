import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import { newKey } from '../src/lib/crypto.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

describe('health and docs', () => {
  it('reports liveness and readiness', async () => {
    expect((await t.app.inject('/api/health')).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject('/api/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks).toEqual({ database: 'ok', migrations: 'ok' });
  });

  it('serves an OpenAPI 3.1 document generated from the zod schemas', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/v1/auth/login'].post.requestBody.content['application/json'].schema.required).toEqual(['email', 'password']);
    expect(Object.keys(doc.paths)).toContain('/api/v1/staff/{id}');
    expect((await t.app.inject('/api/docs/')).statusCode).toBe(200);
  });

  it('sets security headers and a request id', async () => {
    const res = await t.app.inject('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-request-id']).toBeTruthy();
    expect(res.headers['strict-transport-security']).toBeTruthy();
    const me = await t.as('manager1@razom.demo', { method: 'GET', url: '/api/v1/me' });
    expect(me.headers['cache-control']).toBe('no-store');
  });
});

describe('configuration', () => {
  const base = { DATABASE_URL: 'postgresql://u:p@localhost/db' };
  it('names each bad variable', () => {
    try {
      loadConfig({ ...base, PORT: 'eighty', JWT_SECRET: 'short' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems.join('\n')).toMatch(/PORT/);
      expect((err as ConfigError).problems.join('\n')).toMatch(/JWT_SECRET/);
    }
  });
  it('refuses in production a default secret or key, or demo seeding', () => {
    const prod = { ...base, NODE_ENV: 'production', PUBLIC_URL: 'https://pilot.example' };
    const keys = { JWT_SECRET: 'x'.repeat(40), DATA_ENCRYPTION_KEYS: `k1:${newKey()}`, BLIND_INDEX_KEY: newKey() };
    expect(() => loadConfig(prod)).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ ...prod, JWT_SECRET: 'x'.repeat(40) })).toThrow(/DATA_ENCRYPTION_KEYS/);
    expect(() => loadConfig({ ...prod, ...keys, DEMO_SEED: 'true' })).toThrow(/DEMO_SEED/);
    expect(() => loadConfig({ ...prod, ...keys, DATA_ENCRYPTION_KEYS: 'k1:short' })).toThrow(/32 bytes/);
    const ok = loadConfig({ ...prod, ...keys });
    expect(ok.secureCookies).toBe(true);
    expect(ok.mfaRequiredRoles).toEqual(['platform_operator', 'ministry_coordinator', 'ngo_admin', 'supervisor']);
  });
  it('needs a database URL', () => {
    expect(() => loadConfig({})).toThrow(/DATABASE_URL/);
  });
  it('reads TRUST_PROXY as off, all, a hop count or a list of proxies', () => {
    expect(loadConfig(base).TRUST_PROXY).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: '0' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(loadConfig({ ...base, TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ ...base, TRUST_PROXY: '10.0.0.0/8, 192.168.1.7' }).TRUST_PROXY).toEqual(['10.0.0.0/8', '192.168.1.7']);
    expect(() => loadConfig({ ...base, TRUST_PROXY: 'ingress.local' })).toThrow(/TRUST_PROXY/);
  });
  it('keeps metrics off the public port', () => {
    expect(() => loadConfig({ ...base, PORT: '3000', METRICS_PORT: '3000' })).toThrow(/METRICS_PORT/);
    expect(() => loadConfig({ ...base, METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({ ...base, METRICS_PORT: '9464' }).METRICS_PORT).toBe(9464);
  });
});

describe('email delivery', () => {
  it('works queued messages through SMTP', async () => {
    const { startMailSink } = await import('../src/dev/mail-sink.ts');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const port = 31025 + (process.pid % 500);
    const sink = await startMailSink({ dir: mkdtempSync(join(tmpdir(), 'mail-')), smtpPort: port, httpPort: port + 1 });
    const mailed = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}` });
    try {
      await mailed.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'admin@razom.demo' } });
      expect(await mailed.app.jobs.runOnce('email.send')).toBe(true);
      const [mail] = sink.messages();
      expect(mail).toMatchObject({ to: 'admin@razom.demo', subject: 'Відновлення пароля — «Пілот»' });
      expect(mail!.text).toMatch(/reset-password\//);
    } finally {
      await mailed.close();
      await sink.close();
    }
  });
});
