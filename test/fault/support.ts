import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { MikroORM } from '@mikro-orm/postgresql';
import postgres from 'pg';
import { startEmbeddedPg } from '../../apps/api/src/dev/embedded-pg.ts';
import { ensureRoleAndDatabase, withDatabase } from '../../apps/api/src/dev/bootstrap.ts';
import { startMailSink } from '../../apps/api/src/dev/mail-sink.ts';
import { migrateDatabase } from '../../apps/api/src/db/migrate.ts';
import { ormConfig } from '../../apps/api/src/db/orm.ts';
import { loadConfig } from '../../apps/api/src/config.ts';
import { APP_ROLE } from '../../apps/api/src/migrations/sql.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, seedDemo } from '../../apps/api/src/seeders/demo.ts';

const root = resolve(import.meta.dirname, '../..');

/**
 * A real deployment in miniature for fault tests: its own PostgreSQL cluster, the API server as
 * a separate process (apps/api/src/server.ts, as in production), and an SMTP sink.
 */
export async function startDeployment() {
  // Ports the system says are free now: fixed numbers in the ephemeral range (32768–60999)
  // collided with a client connection's local port in CI.
  const [pgPort, smtpPort, mailPort, serverPort] = (await freePorts(4)) as [number, number, number, number];
  const dir = mkdtempSync(join(tmpdir(), 'pilot-fault-'));
  const pg = await startEmbeddedPg({ dir: join(dir, 'pg'), port: pgPort, password: 'fault', fast: true });
  await ensureRoleAndDatabase(pg.superUrl(), 'pilot', 'fault-app');
  const ownerUrl = pg.superUrl('pilot');
  const appUrl = withDatabase(ownerUrl, 'pilot', { name: APP_ROLE, password: 'fault-app' });
  await migrateDatabase(ownerUrl);
  const mail = await startMailSink({ dir: join(dir, 'mail'), smtpPort, httpPort: mailPort });
  const env = {
    ...process.env, NODE_ENV: 'test', PORT: String(serverPort), DATABASE_URL: appUrl, DATABASE_OWNER_URL: ownerUrl,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, LOG_LEVEL: process.env.FAULT_LOG ?? 'silent', JOBS: 'true', DATA_DIR: dir,
    RATE_LIMIT_PER_MINUTE: '100000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000', JWT_SECRET: 'fault-secret-fault-secret-fault-secret-1',
  };
  const config = loadConfig(env);
  const orm = await MikroORM.init(ormConfig({ url: appUrl, poolMax: 2 }));
  await seedDemo(orm, { keyring: config.keyring, mfaRoles: config.mfaRequiredRoles });
  await orm.close();
  const url = `http://127.0.0.1:${serverPort}`;
  let server: ChildProcess | null = null;

  const d = {
    url, ownerUrl, mail,
    /** SQL as the database owner (past RLS), for assertions. */
    async sql<T extends postgres.QueryResultRow>(text: string, params: unknown[] = []) {
      const c = new postgres.Client({ connectionString: ownerUrl });
      await c.connect();
      try {
        return (await c.query<T>(text, params)).rows;
      } finally {
        await c.end();
      }
    },
    stopDatabase: () => pg.pg.stop(),
    startDatabase: () => pg.pg.start(),
    /**
     * Starts the API server. With `diskBytes`, its DATA_DIR is a tmpfs of that size in a mount
     * namespace of its own (unshare), so uploads meet a full disk for real.
     */
    async startServer(opts: { diskBytes?: number } = {}) {
      const log = process.env.FAULT_LOG ? openSync(join(tmpdir(), `pilot-fault-server-${serverPort}.log`), 'a') : 'ignore';
      if (opts.diskBytes) {
        const dataDir = join(dir, 'small-disk');
        mkdirSync(dataDir, { recursive: true });
        const script = `mount -t tmpfs -o size=${opts.diskBytes} tmpfs '${dataDir}' && exec '${process.execPath}' apps/api/src/server.ts`;
        server = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], { cwd: root, env: { ...env, DATA_DIR: dataDir }, stdio: ['ignore', log, log] });
      } else {
        server = spawn(process.execPath, ['apps/api/src/server.ts'], { cwd: root, env, stdio: ['ignore', log, log] });
      }
      await waitFor(async () => (await fetch(`${url}/api/ready`)).ok, 30_000, 'the server to be ready');
      return server;
    },
    /** Signs an NGO admin in (with the demo authenticator code) and returns a bearer header. */
    async signIn(email: string) {
      const first = await (await post(url, '/api/v1/auth/login', { email, password: DEMO_PASSWORD })).json() as { mfaToken?: string; accessToken?: string };
      if (first.accessToken) return { authorization: `Bearer ${first.accessToken}` };
      const code = new TOTP({ secret: Secret.fromBase32(DEMO_TOTP_SECRET), digits: 6, period: 30 }).generate();
      const second = await (await post(url, '/api/v1/auth/login/mfa', { mfaToken: first.mfaToken, code })).json() as { accessToken: string };
      return { authorization: `Bearer ${second.accessToken}` };
    },
    async stop() {
      if (server && server.exitCode === null) {
        server.kill('SIGTERM');
        await new Promise((r) => server!.once('exit', r));
      }
      await mail.close();
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return d;
}

export const post = (url: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what = 'a condition') {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Invites staff members one after another from `workers` loops until `stop()` says so. */
export function inviteLoad(url: string, headers: Record<string, string>, workers: number) {
  const acknowledged: string[] = [];
  const failed: string[] = [];
  let running = true;
  let n = 0;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      const email = `fault-${process.pid}-${n++}@razom.demo`;
      try {
        const res = await post(url, '/api/v1/staff', { email, fullName: 'Тест Збою', roles: ['case_manager'] }, headers);
        (res.status === 201 ? acknowledged : failed).push(email);
      } catch {
        failed.push(email);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  });
  return {
    acknowledged, failed,
    stop: async () => { running = false; await Promise.all(loops); },
  };
}

/** `n` distinct ports that nothing listens on right now (each bound to port 0, then released). */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise<Server>((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => done(server));
  })));
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  return ports;
}
