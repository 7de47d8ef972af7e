/** `pnpm --filter @pilot/api migrate`: applies migrations as the owner (DATABASE_OWNER_URL). */
import { migrateDatabase } from '../db/migrate.ts';

const url = process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_OWNER_URL (or DATABASE_URL) must point at the database, as its owner.');
  process.exit(2);
}
const applied = await migrateDatabase(url, (m) => console.log(`› ${m}`));
console.log(applied.length ? `Applied ${applied.length} migration(s).` : 'Database is up to date.');
