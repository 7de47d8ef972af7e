import { PgBoss } from 'pg-boss';
import { CompiledQuery } from 'kysely';
import type { EntityManager } from '@mikro-orm/postgresql';
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
 * (an invitation email is queued if and only if the invitation was saved).
 */
export function sendInTx(boss: PgBoss, em: EntityManager, name: string, data: object, options: { startAfter?: Date; singletonKey?: string } = {}) {
  const ctx = em.getTransactionContext<{ executeQuery(q: CompiledQuery): Promise<{ rows: unknown[] }> }>();
  if (!ctx) throw new Error('sendInTx needs a transaction');
  const db = { executeSql: async (text: string, values?: unknown[]) => ({ rows: (await ctx.executeQuery(CompiledQuery.raw(text, values ?? []))).rows as never[] }) };
  return boss.send(name, data, { ...options, db });
}

export { SCHEDULES };
