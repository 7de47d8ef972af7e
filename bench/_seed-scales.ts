/** Measures the national generator at several scales, each into a fresh throwaway PostgreSQL. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, appendFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPg } from '../apps/api/src/dev/embedded-pg.ts';
import { ensureRoleAndDatabase, withDatabase } from '../apps/api/src/dev/bootstrap.ts';
import { migrateDatabase } from '../apps/api/src/db/migrate.ts';
import { seedNational } from '../apps/api/src/seeders/national/index.ts';
import { newKey, parseKeyring } from '../apps/api/src/lib/crypto.ts';

const out = '/tmp/perf/scales.jsonl';
for (const scale of process.argv.slice(2).map(Number)) {
  const dir = mkdtempSync(join(tmpdir(), 'pilot-scale-'));
  const server = await startEmbeddedPg({ dir: join(dir, 'pg'), port: 4790, password: randomBytes(12).toString('hex') });
  try {
    await ensureRoleAndDatabase(server.superUrl(), 'pilot_scale', randomBytes(12).toString('hex'));
    const url = withDatabase(server.superUrl(), 'pilot_scale');
    await migrateDatabase(url);
    const load = loadavg();
    const r = await seedNational({ url, scale, seed: 1, keyring: parseKeyring(`s:${newKey()}`, newKey()), password: 'bench-password-1', progress: 'lines' });
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const size = (await c.query(`select pg_database_size(current_database())::bigint as b`)).rows[0].b;
    await c.end();
    appendFileSync(out, JSON.stringify({ scale, loadAtStart: load, loadAtEnd: loadavg(), dbBytes: Number(size), ...r }) + '\n');
    console.log(`scale ${scale}: ${r.totalSeconds.toFixed(1)} s`);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
