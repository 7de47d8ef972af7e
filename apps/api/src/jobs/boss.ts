import { PgBoss } from 'pg-boss';
import pg from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';
import { executeWithNext } from '../db/pipelining.ts';
import { QUEUES, SCHEDULES } from './queues.ts';

export const BOSS_SCHEMA = 'pgboss';

export function createBoss(connectionString: string, opts: { migrate: boolean; poolMax?: number; background?: boolean }) {
  const background = opts.background ?? true;
  return new PgBoss({
    connectionString,
    schema: BOSS_SCHEMA,
    migrate: opts.migrate,
    createSchema: opts.migrate,
    max: opts.poolMax ?? 4,
    supervise: background,
    schedule: background,
  });
}

/** Run as the schema owner: installs pg-boss, creates the queues, lets the app role use them. */
export async function installBoss(ownerUrl: string, appRole: string) {
  const boss = createBoss(ownerUrl, { migrate: true, poolMax: 2, background: false });
  await boss.start();
  for (const name of Object.values(QUEUES)) {
    if (!(await boss.getQueue(name))) await boss.createQueue(name, { retryLimit: 5, retryBackoff: true });
  }
  await boss.stop({ graceful: false });
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(`grant usage on schema ${BOSS_SCHEMA} to ${appRole}`);
    await client.query(`grant select, insert, update, delete on all tables in schema ${BOSS_SCHEMA} to ${appRole}`);
    await client.query(`grant usage, select on all sequences in schema ${BOSS_SCHEMA} to ${appRole}`);
    await client.query(`grant execute on all functions in schema ${BOSS_SCHEMA} to ${appRole}`);
  } finally {
    await client.end();
  }
}

/**
 * Sends a job inside the request's transaction, so it exists only if the request commits
 * (an invitation email is queued if and only if the invitation was saved). pg-boss builds the
 * insert (the queue's table and policy, the payload); it goes to PostgreSQL with the
 * transaction's next statement (ADR 14), since nobody waits for the job's id, and an error in
 * it fails that statement and so the transaction. Resolves to nothing.
 */
export async function sendInTx(boss: PgBoss, em: EntityManager, name: string, data: object, options: { startAfter?: Date; singletonKey?: string } = {}): Promise<void> {
  const db = {
    executeSql: async (text: string, values: unknown[] = []) => {
      await executeWithNext(em, inlineJsonParameter(text, values));
      return { rows: [] };
    },
  };
  await boss.send(name, data, { ...options, db });
}

/**
 * pg-boss's job insert takes its jobs as one JSON text parameter, `$1`: written into the
 * statement as a quoted literal, the statement can share a message with the next one.
 */
function inlineJsonParameter(text: string, values: unknown[]): string {
  const [json] = values;
  if (values.length !== 1 || typeof json !== 'string' || text.split('$1').length !== 2 || /\$[2-9]/.test(text)) {
    throw new Error('pg-boss sent a statement other than its one-parameter job insert');
  }
  return text.replace('$1', () => pg.escapeLiteral(json));
}

export { SCHEDULES };
