import { inject } from 'vitest';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { initOrm, type Orm } from '../src/db/orm.ts';
import { withDatabase } from '../src/dev/bootstrap.ts';
import { APP_ROLE } from '../src/migrations/sql.ts';
import { ManualClock } from '../src/lib/clock.ts';
import { DEMO_IDS, DEMO_PASSWORD, seedDemo } from '../src/seeders/demo.ts';
import { TEMPLATE_DB, TEST_APP_PASSWORD } from './global-setup.ts';

export { DEMO_IDS, DEMO_PASSWORD };

/** A database of this test file's own, cloned from the migrated template. */
export async function createTestDatabase() {
  const superUrl = inject('pgSuperUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: superUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${TEMPLATE_DB}`);
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
  /** The app's clock: follows real time until a test sets it (deadlines, escalations). */
  clock: ManualClock;
  /** Runs SQL as the database owner (a superuser here): sees every row, for assertions. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Signs in a demo user and returns an access token. */
  token(email: string): Promise<string>;
  /** Drops a cached token (after a test ended that session). */
  forget(email: string): void;
  /** inject() with a bearer token. */
  as(email: string, opts: InjectOptions): Promise<Awaited<ReturnType<FastifyInstance['inject']>>>;
  close(): Promise<void>;
}

/**
 * The API on a fresh database with the demo fixtures: two providers (Razom, Nadiya) each with
 * an admin, a supervisor and two case managers, three unit contacts, a coordinator and an
 * operator — so every test can cross tenants.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
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
  const orm = await initOrm({ url: db.appUrl, poolMax: 4 });
  await seedDemo(orm);
  const clock = new ManualClock();
  const app = await buildApp(config, { orm, logger: false, clock });
  await app.ready();
  const owner = new pg.Pool({ connectionString: db.ownerUrl, max: 2 });
  const tokens = new Map<string, string>();
  const token = async (email: string) => {
    const cached = tokens.get(email);
    if (cached) return cached;
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: DEMO_PASSWORD } });
    if (res.statusCode !== 200) throw new Error(`login ${email}: ${res.statusCode} ${res.body}`);
    const t = res.json().accessToken as string;
    tokens.set(email, t);
    return t;
  };
  return {
    app, orm, config, clock,
    sql: async (text, params) => (await owner.query(text, params)).rows,
    token,
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
