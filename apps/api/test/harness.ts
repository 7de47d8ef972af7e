import { inject } from 'vitest';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, InjectOptions } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { initOrm, type Orm } from '../src/db/orm.ts';
import { withDatabase } from '../src/dev/bootstrap.ts';
import { APP_ROLE } from '../src/migrations/sql.ts';
import { DEMO_IDS, DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../src/seeders/demo.ts';
import { totp, TOTP_PERIOD } from '../src/modules/identity/mfa.ts';
import { DEMO_SEED_ENV, DEMO_TEMPLATE_DB, TEMPLATE_DB, TEST_APP_PASSWORD } from './global-setup.ts';
import { today, type Clock } from '../src/lib/clock.ts';

export { DEMO_IDS, DEMO_PASSWORD, DEMO_TOTP_SECRET };

/**
 * A date (YYYY-MM-DD) in Kyiv, `days` from now: the pilot's days begin and end there, so a UTC
 * date is yesterday's or tomorrow's for two or three hours every night.
 */
export const kyivDate = (days = 0) => today(() => new Date(Date.now() + days * 86_400_000));

/**
 * A database of this test file's own, cloned from the migrated template: empty, or with
 * `demo: true` holding the demo data the global setup seeded once.
 */
export async function createTestDatabase({ demo = false }: { demo?: boolean } = {}) {
  const superUrl = inject('pgSuperUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: superUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${demo ? DEMO_TEMPLATE_DB : TEMPLATE_DB}`);
  await admin.end();
  const ownerUrl = withDatabase(superUrl, name);
  return {
    name,
    ownerUrl,
    appUrl: withDatabase(superUrl, name, { name: APP_ROLE, password: TEST_APP_PASSWORD }),
    drop: async () => {
      const c = new pg.Client({ connectionString: superUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  orm: Orm;
  config: Config;
  /** Runs SQL as the database owner (a superuser here): sees every row, for assertions. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** The emails queued for an address (oldest first), optionally only those whose subject starts with `subject`. */
  mailsTo(address: string, subject?: string): Promise<{ to: string; subject: string; text: string }[]>;
  /** Signs in (password, then a demo authenticator code when asked) and returns the final answer. */
  login(email: string, opts?: { password?: string; headers?: Record<string, string> }): Promise<Awaited<ReturnType<FastifyInstance['inject']>>>;
  /** Signs in a demo user and returns an access token. */
  token(email: string): Promise<string>;
  /** A fresh authenticator code for a demo login (each one for a later 30-second step). */
  totpCode(): string;
  /** Sets the app's clock (deadlines, escalations); it then stands still but for sign-ins. */
  setClock(at: Date | string): void;
  /** Drops a cached token (after a test ended that session). */
  forget(email: string): void;
  /** inject() with a bearer token. */
  as(email: string, opts: InjectOptions): Promise<Awaited<ReturnType<FastifyInstance['inject']>>>;
  close(): Promise<void>;
}

/**
 * The API on a fresh database with the demo fixtures: two providers (Razom, Nadiya) each with
 * an admin, a supervisor and two case managers, three unit contacts, a coordinator and an
 * operator — so every test can cross tenants. `opts.routes` mounts extra routes under /api/v1.
 * The database is a clone of the demo template (seeded once per run by the global setup), so
 * `env` may not change what the demo was seeded with (its keys, its two-factor roles).
 */
export async function startTestApp(env: Record<string, string> = {}, opts: { routes?: FastifyPluginAsync; clock?: Clock } = {}): Promise<TestApp> {
  const reseeded = DEMO_SEED_ENV.filter((k) => k in env);
  if (reseeded.length) {
    throw new Error(`startTestApp: ${reseeded.join(', ')} would not match the demo data seeded once with the defaults; `
      + 'use createTestDatabase() and seed it yourself');
  }
  const db = await createTestDatabase({ demo: true });
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.appUrl,
    DATABASE_OWNER_URL: db.ownerUrl,
    JWT_SECRET: 'test-secret-test-secret-test-secret-42',
    LOG_LEVEL: 'silent',
    SMTP_URL: 'smtp://127.0.0.1:9',
    RATE_LIMIT_PER_MINUTE: '100000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    ...env,
  });
  const orm = await initOrm({ url: db.appUrl, replicaUrls: config.replicaUrls, poolMax: 4 });
  // TOTP codes are good once per 30-second step: each sign-in here moves the app's clock on a
  // step (on top of the test's own clock, if it brings one), so tests can sign the same people
  // in again and again without waiting.
  let skew = 0;
  // A test may also set the time by hand (setClock): deadlines and escalations.
  let fixed: number | null = null;
  const base = () => (fixed !== null ? new Date(fixed) : (opts.clock ?? (() => new Date()))());
  const clock = () => new Date(base().getTime() + skew);
  const totpCode = () => {
    skew += TOTP_PERIOD * 1000;
    return totp(DEMO_TOTP_SECRET, 'demo').generate({ timestamp: clock().getTime() });
  };
  const app = await buildApp(config, { orm, logger: false, clock });
  // Extra routes a test needs to exercise a helper inside the real request pipeline.
  if (opts.routes) await app.register(opts.routes, { prefix: '/api/v1' });
  await app.ready();
  const owner = new pg.Pool({ connectionString: db.ownerUrl, max: 2 });
  // An idle connection ended by the database's drop at teardown is expected, not a failure.
  owner.on('error', () => {});
  const tokens = new Map<string, string>();
  const login: TestApp['login'] = async (email, { password = DEMO_PASSWORD, headers = {} } = {}) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, headers });
    if (res.statusCode !== 200 || !res.json().mfaRequired) return res;
    return app.inject({ method: 'POST', url: '/api/v1/auth/login/mfa', payload: { mfaToken: res.json().mfaToken, code: totpCode() }, headers });
  };
  const token = async (email: string) => {
    const cached = tokens.get(email);
    if (cached) return cached;
    const res = await login(email);
    if (res.statusCode !== 200) throw new Error(`login ${email}: ${res.statusCode} ${res.body}`);
    const t = res.json().accessToken as string;
    tokens.set(email, t);
    return t;
  };
  return {
    app, orm, config,
    sql: async (text, params) => (await owner.query(text, params)).rows,
    mailsTo: async (address, subject = '') => (await owner.query(
      `select data from pgboss.job where name = 'email.send' and data->>'to' = $1 and starts_with(data->>'subject', $2) order by created_on, id`,
      [address, subject],
    )).rows.map((r: { data: { to: string; subject: string; text: string } }) => r.data),
    login,
    token,
    totpCode,
    setClock: (at) => { fixed = new Date(at).getTime(); skew = 0; },
    forget: (email) => { tokens.delete(email); },
    as: async (email, opts) => app.inject({ ...opts, headers: { ...opts.headers, authorization: `Bearer ${await token(email)}` } }),
    close: async () => {
      await app.close();
      await orm.close();
      await owner.end();
      await db.drop();
    },
  };
}
