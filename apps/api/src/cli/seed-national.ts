/**
 * `pnpm seed:national --scale 0.1 [--seed 1] [--password …] [--database-url …]`: migrates the
 * database at DATABASE_OWNER_URL (or --database-url; a superuser or BYPASSRLS role) and fills it
 * with generated national-scale data. Refuses production and non-empty databases.
 */
import { parseArgs } from 'node:util';
import { migrateDatabase } from '../db/migrate.ts';
import { seedNational } from '../seeders/national/index.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '0.1' },
    seed: { type: 'string', default: '1' },
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
try {
  await migrateDatabase(url, (m) => console.log(`› ${m}`));
  const started = performance.now();
  const results = await seedNational({
    url, scale: Number(values.scale), seed: Number(values.seed), password: values.password,
    progress: process.stdout.isTTY ? 'bars' : 'lines',
  });
  const rows = results.reduce((s, r) => s + r.rows, 0);
  console.log(`✓ ${rows} rows in ${((performance.now() - started) / 1000).toFixed(1)} s (scale ${values.scale}, seed ${values.seed})`);
} catch (err) {
  console.error(`✗ ${(err as Error).message}`);
  process.exit(1);
}
