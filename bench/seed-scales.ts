/**
 * `node bench/seed-scales.ts [--refresh] 0.01 0.1 1`: times the national generator at each scale,
 * each into a fresh throwaway PostgreSQL 18 (embedded, durable settings), and appends one JSON
 * line per scale (rows and seconds per table, load and index time, database size, load average)
 * to bench/results/seed-scales.jsonl (docs/performance.md). With `--refresh`, it then computes
 * the year's pilot report as the worker would (`pnpm reports:refresh` in a process of its own, as
 * the app role) and records its phases and peak memory too.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { startEmbeddedPg } from '../apps/api/src/dev/embedded-pg.ts';
import { ensureRoleAndDatabase, withDatabase } from '../apps/api/src/dev/bootstrap.ts';
import { migrateDatabase } from '../apps/api/src/db/migrate.ts';
import { APP_ROLE } from '../apps/api/src/migrations/sql.ts';
import { seedNational } from '../apps/api/src/seeders/national/index.ts';
import { newKey, parseKeyring } from '../apps/api/src/lib/crypto.ts';
import { runRefresh } from './harness.ts';

const refresh = process.argv.includes('--refresh');
const scales = process.argv.slice(2).filter((a) => a !== '--refresh').map(Number);
if (!scales.length || scales.some((s) => !(s > 0))) throw new Error('Usage: node bench/seed-scales.ts [--refresh] <scale> [<scale> …]');
const results = resolve(import.meta.dirname, 'results');
mkdirSync(results, { recursive: true });

for (const scale of scales) {
  const dir = mkdtempSync(join(tmpdir(), 'pilot-scale-'));
  const server = await startEmbeddedPg({ dir: join(dir, 'pg'), port: 4790, password: randomBytes(12).toString('hex') });
  try {
    const appPassword = randomBytes(12).toString('hex');
    await ensureRoleAndDatabase(server.superUrl(), 'pilot_scale', appPassword);
    const url = withDatabase(server.superUrl(), 'pilot_scale');
    await migrateDatabase(url);
    const loadAtStart = loadavg();
    const r = await seedNational({ url, scale, seed: 1, keyring: parseKeyring(`s:${newKey()}`, newKey()), password: randomBytes(12).toString('base64url'), progress: 'lines' });
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const [size] = (await c.query<{ b: string }>(`select pg_database_size(current_database()) as b`)).rows;
    await c.end();
    const loadAtEnd = loadavg();
    console.log(`✓ scale ${scale}: ${r.totalSeconds.toFixed(1)} s (load average ${loadAtStart.map((l) => l.toFixed(1)).join(' ')} → ${loadAtEnd.map((l) => l.toFixed(1)).join(' ')})`);
    const report = refresh ? runRefresh(withDatabase(server.superUrl(), 'pilot_scale', { name: APP_ROLE, password: appPassword })) : undefined;
    appendFileSync(join(results, 'seed-scales.jsonl'), `${JSON.stringify({ when: new Date().toISOString(), scale, loadAtStart, loadAtEnd, dbBytes: Number(size!.b), ...r, report })}\n`);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
