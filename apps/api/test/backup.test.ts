import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPg } from '../src/dev/embedded-pg.ts';
import { backupEmbedded, restoreEmbedded, runningServer } from '../src/dev/backup.ts';

/**
 * The embedded database's backup and restore (scripts/db-backup.ts), against a real PostgreSQL
 * of its own with production-like durability settings, written to while the backup runs.
 */
const PASSWORD = 'backup-test-password';
const root = mkdtempSync(join(tmpdir(), 'pilot-backup-'));
const port = 26500 + (process.pid % 400);
const dataDir = join(root, 'data');
let server: Awaited<ReturnType<typeof startEmbeddedPg>> | null = null;

const start = async (dir = dataDir) => {
  server = await startEmbeddedPg({ dir: join(dir, 'pg'), port, password: PASSWORD });
};
const stop = async () => {
  await server?.stop();
  server = null;
};
async function sql<T extends pg.QueryResultRow>(text: string, params: unknown[] = []) {
  const c = new pg.Client({ connectionString: server!.superUrl() });
  await c.connect();
  try {
    return (await c.query<T>(text, params)).rows;
  } finally {
    await c.end();
  }
}
const markers = async () => (await sql<{ label: string }>(`select label from marker order by id`)).map((r) => r.label);
/** Heap and index agree: a restored database whose pages were copied torn would not. */
async function consistentCount() {
  const c = new pg.Client({ connectionString: server!.superUrl() });
  await c.connect();
  try {
    await c.query('set enable_indexscan = off; set enable_bitmapscan = off');
    const [heap] = (await c.query<{ n: number }>('select count(*)::int as n from filler')).rows;
    await c.query('set enable_seqscan = off; set enable_indexscan = on; set enable_indexonlyscan = on');
    const [index] = (await c.query<{ n: number }>('select count(*)::int as n from filler where id > 0')).rows;
    return { heap: heap!.n, index: index!.n };
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  await start();
  writeFileSync(join(dataDir, 'secrets.json'), JSON.stringify({ pgPassword: PASSWORD }));
  await sql(`create table marker (id serial primary key, label text not null)`);
  await sql(`create table filler (id bigint generated always as identity primary key, payload text not null)`);
  await sql(`insert into filler (payload) select repeat(md5(g::text), 20) from generate_series(1, 20000) g`);
  await sql(`insert into marker (label) values ('before backup')`);
}, 120_000);
afterAll(async () => {
  await stop();
  rmSync(root, { recursive: true, force: true });
});

describe('embedded database backup', () => {
  it('backs up while the server runs and writes go on, and restores to a consistent database', async () => {
    const file = join(root, 'online.tar.gz');
    // Writes during the copy: pages change under it, WAL grows past segment boundaries.
    let writing = true;
    const writer = (async () => {
      const c = new pg.Client({ connectionString: server!.superUrl() });
      await c.connect();
      while (writing) await c.query(`insert into filler (payload) select repeat(md5(random()::text), 20) from generate_series(1, 500)`);
      await c.end();
    })();
    const manifest = await backupEmbedded(dataDir, file);
    writing = false;
    await writer;
    expect(manifest.mode).toBe('online');
    expect(manifest.stopLsn).toBeTruthy();
    // The slot that held the WAL back is gone with the backup's session.
    expect(await sql(`select slot_name from pg_replication_slots`)).toEqual([]);

    await sql(`insert into marker (label) values ('after backup')`);
    await stop();
    const { movedAside } = await restoreEmbedded(file, dataDir);
    expect(movedAside.some((p) => p.includes('pg.before-restore-') && existsSync(p))).toBe(true);

    await start();
    expect(await markers()).toEqual(['before backup']);
    const counts = await consistentCount();
    expect(counts.heap).toBeGreaterThanOrEqual(20000);
    expect(counts.index).toBe(counts.heap);
  }, 120_000);

  it('copies a stopped server as it is, and restores it into another data directory', async () => {
    await sql(`insert into marker (label) values ('offline')`);
    await stop();
    const file = join(root, 'offline.tar.gz');
    expect((await backupEmbedded(dataDir, file)).mode).toBe('offline');
    const elsewhere = join(root, 'elsewhere');
    const { movedAside } = await restoreEmbedded(file, elsewhere);
    expect(movedAside).toEqual([]);
    await start(elsewhere);
    expect(await markers()).toEqual(['before backup', 'offline']);
    await stop();
    await start();
  }, 120_000);

  it('refuses to restore over a running server', async () => {
    expect(runningServer(join(dataDir, 'pg'))).not.toBeNull();
    await expect(restoreEmbedded(join(root, 'offline.tar.gz'), dataDir)).rejects.toThrow(/running/);
    expect(await markers()).toEqual(['before backup', 'offline']);
  });
});
