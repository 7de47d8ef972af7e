import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from './orm.ts';
import { installBoss } from '../jobs/boss.ts';
import { APP_ROLE } from '../migrations/sql.ts';

/**
 * Brings a database up to date as its owner: MikroORM migrations, then pg-boss's schema and
 * queues. Returns the names of the migrations applied.
 */
export async function migrateDatabase(ownerUrl: string, onProgress: (msg: string) => void = () => {}): Promise<string[]> {
  const orm = await MikroORM.init({ ...ormConfig({ url: ownerUrl, poolMax: 2 }), sessionContext: undefined });
  const applied: string[] = [];
  try {
    const pending = await orm.migrator.getPending();
    for (const [i, m] of pending.entries()) {
      onProgress(`migration ${i + 1}/${pending.length}: ${m.name}`);
      await orm.migrator.up({ to: m.name });
      applied.push(m.name);
    }
  } finally {
    await orm.close();
  }
  onProgress('job queues');
  await installBoss(ownerUrl, APP_ROLE);
  return applied;
}
