/**
 * `pnpm seed:national --scale 0.1 [--seed 1] [--now 2026-11-25] [--password …] [--database-url …]`:
 * migrates the database at DATABASE_OWNER_URL (or --database-url; a superuser or BYPASSRLS role)
 * and fills it with generated national-scale data. Encrypted columns use the API's keys
 * (DATA_ENCRYPTION_KEYS, BLIND_INDEX_KEY; the development defaults when unset), so the API
 * started with the same keys reads them. Refuses production and non-empty databases.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { seedNational, startOfToday } from '../seeders/national/index.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '0.1' },
    seed: { type: 'string', default: '1' },
    now: { type: 'string' },
    password: { type: 'string' },
    'database-url': { type: 'string' },
  },
});
const url = values['database-url'] ?? process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL;
if (process.env.NODE_ENV === 'production') {
  console.error('✗ The national-scale generator never runs with NODE_ENV=production.');
  process.exit(2);
}
if (!url) {
  console.error('✗ Set DATABASE_OWNER_URL (a superuser or BYPASSRLS role) or pass --database-url.');
  process.exit(2);
}
const now = values.now ? new Date(`${values.now}T00:00:00Z`) : startOfToday();
if (Number.isNaN(now.getTime())) {
  console.error('✗ --now must be a date, e.g. 2026-11-25');
  process.exit(2);
}
try {
  const { keyring } = loadConfig({ ...process.env, DATABASE_URL: url });
  await migrateDatabase(url, (m) => console.log(`› ${m}`));
  const result = await seedNational({
    url, scale: Number(values.scale), seed: Number(values.seed), now, keyring, password: values.password,
    progress: process.stdout.isTTY ? 'bars' : 'lines',
  });
  const rows = result.tables.reduce((s, r) => s + r.rows, 0);
  console.log(`✓ ${rows.toLocaleString('en')} rows in ${result.totalSeconds.toFixed(1)} s (load ${result.loadSeconds.toFixed(1)} s, indexes and keys ${result.indexSeconds.toFixed(1)} s; scale ${values.scale}, seed ${values.seed}, now ${now.toISOString().slice(0, 10)})`);
  for (const t of result.tables) console.log(`  ${t.table.padEnd(20)} ${t.rows.toLocaleString('en').padStart(12)}`);
} catch (err) {
  console.error(`✗ ${(err as Error).message}`);
  process.exit(1);
}
