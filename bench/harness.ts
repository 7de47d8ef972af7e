/**
 * What `pnpm bench` and `pnpm bench:soak` share: a PostgreSQL 18 of their own (embedded, durable
 * settings) filled by the national-scale generator, the API started as deployed (production
 * mode, its own secrets, no demo data, jobs off), and generated users signed in as people would.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { startEmbeddedPg } from '../apps/api/src/dev/embedded-pg.ts';
import { ensureRoleAndDatabase, withDatabase } from '../apps/api/src/dev/bootstrap.ts';
import { migrateDatabase } from '../apps/api/src/db/migrate.ts';
import { APP_ROLE } from '../apps/api/src/migrations/sql.ts';
import { seedNational } from '../apps/api/src/seeders/national/index.ts';
import { newKey, parseKeyring } from '../apps/api/src/lib/crypto.ts';
import { loadConfig } from '../apps/api/src/config.ts';
import { newTotpSecret, totp } from '../apps/api/src/modules/identity/mfa.ts';
import type { BenchUser, Scenario } from './scenarios.ts';

export const root = resolve(import.meta.dirname, '..');
export const step = (m: string) => console.log(`› ${m}`);

export const freePort = () => new Promise<number>((resolvePort) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address() as AddressInfo;
    s.close(() => resolvePort(port));
  });
});

export interface Server { url: string; pid: number; stop(): Promise<void> }

/** A server process of the benchmark, ready when `readyPath` answers 200. */
export async function startServer(script: string, env: Record<string, string>, readyPath: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [script], {
    cwd: root,
    // BENCH_NODE_OPTIONS reaches the servers, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile under load.
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? '', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`${script} exited (${child.exitCode})`);
    if (await fetch(url + readyPath).then((r) => r.ok, () => false)) return { url, pid: child.pid!, stop: () => stopProcess(child) };
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`${script} did not become ready`);
}

const stopProcess = (child: ChildProcess) => new Promise<void>((r) => {
  if (child.exitCode !== null) return r();
  child.once('exit', () => r());
  child.kill('SIGTERM');
});

/**
 * Computes this year's pilot report as the worker would: `pnpm reports:refresh` in a process of
 * its own, as the app role; returns its closing line as figures (phases, peak memory).
 */
export function runRefresh(appUrl: string) {
  const started = Date.now();
  const out = execFileSync(process.execPath, [join(root, 'apps/api/src/cli/refresh-reports.ts'), String(new Date().getFullYear())],
    { env: { PATH: process.env.PATH ?? '', DATABASE_URL: appUrl, LOG_LEVEL: 'warn' }, encoding: 'utf8' });
  console.log(out.trim());
  const n = (re: RegExp) => Number(out.match(re)?.[1]);
  return {
    wallSeconds: (Date.now() - started) / 1000, providers: n(/(\d+) providers/), suppressedCells: n(/(\d+) cells/),
    countingSeconds: n(/counting ([\d.]+) s/), suppressingSeconds: n(/suppressing ([\d.]+) s/), publishingSeconds: n(/publishing ([\d.]+) s/),
    peakMemoryMB: n(/peak memory (\d+) MB/),
  };
}

export interface BenchOptions {
  scale: number; seed: number; pool: string;
  /** Compute the pilot report first (scenarios that read it): it takes minutes at larger scales. */
  report: boolean;
}

/**
 * Starts PostgreSQL, migrates, generates the data, computes the pilot report once (timed), and
 * answers what the runs need. Everything it starts is stopped by `cleanup()`, also on Ctrl-C.
 */
export async function prepareBench(opts: BenchOptions) {
  const work = mkdtempSync(join(tmpdir(), 'pilot-bench-'));
  const stops: (() => Promise<unknown>)[] = [async () => rmSync(work, { recursive: true, force: true })];
  const cleanup = async () => { for (const s of stops.reverse()) await s().catch(() => {}); };
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) process.once(signal, () => void cleanup().then(() => process.exit(code)));
  try {
    const pgPort = await freePort();
    step(`starting PostgreSQL 18 (port ${pgPort})`);
    const server = await startEmbeddedPg({ dir: join(work, 'pg'), port: pgPort, password: randomBytes(12).toString('hex') });
    stops.push(() => server.stop());
    const appPassword = randomBytes(12).toString('hex');
    await ensureRoleAndDatabase(server.superUrl(), 'pilot_bench', appPassword);
    const ownerUrl = withDatabase(server.superUrl(), 'pilot_bench');
    const appUrl = (port: number) => withDatabase(server.superUrl(), 'pilot_bench', { name: APP_ROLE, password: appPassword }).replace(`:${pgPort}/`, `:${port}/`);
    step('migrating');
    await migrateDatabase(ownerUrl);
    step(`generating data (scale ${opts.scale}, seed ${opts.seed})`);
    const password = randomBytes(12).toString('base64url');
    // The roles that must use two-factor sign-in (the product's default policy) are enrolled
    // with one authenticator secret.
    const keys = { DATA_ENCRYPTION_KEYS: `bench:${newKey()}`, BLIND_INDEX_KEY: newKey() };
    const totpSecret = newTotpSecret();
    const mfa = { roles: loadConfig({ DATABASE_URL: ownerUrl }).mfaRequiredRoles, secret: totpSecret };
    const keyring = parseKeyring(keys.DATA_ENCRYPTION_KEYS, keys.BLIND_INDEX_KEY);
    const generated = await seedNational({ url: ownerUrl, scale: opts.scale, seed: opts.seed, keyring, password, mfa, progress: process.stdout.isTTY ? 'bars' : 'lines' });

    // The ministry's report is precomputed (hourly in production): compute it once, and time it.
    let reportRefresh: ReturnType<typeof runRefresh> | null = null;
    if (opts.report) {
      step('computing the pilot report (reports:refresh)');
      reportRefresh = runRefresh(appUrl(pgPort));
    }

    const owner = new pg.Client({ connectionString: ownerUrl });
    await owner.connect();
    stops.push(() => owner.end());

    const jwtSecret = randomBytes(48).toString('base64url');
    const apiEnv = (dbPort: number): Record<string, string> => ({
      NODE_ENV: 'production', DEMO_SEED: 'false', JOBS: 'false', LOG_LEVEL: 'warn',
      DATABASE_URL: appUrl(dbPort), DATABASE_POOL_MAX: opts.pool, JWT_SECRET: jwtSecret, ...keys,
      PUBLIC_URL: 'http://127.0.0.1', SMTP_URL: 'smtp://127.0.0.1:9',
      // One load generator on one address: per-address limits would measure the limiter.
      RATE_LIMIT_PER_MINUTE: '1000000000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000000000',
    });
    const floorEnv = (dbPort: number): Record<string, string> => ({
      DATABASE_URL: appUrl(dbPort).replace(`${APP_ROLE}:${appPassword}`, `postgres:${new URL(ownerUrl).password}`), DATABASE_POOL_MAX: opts.pool,
    });

    /** Users with a role, interleaved across providers so consecutive requests hit different tenants. */
    const usersWith = async (role: string, limit: number, who = 'true') => (await owner.query<{ id: string; email: string; provider_id: string | null }>(
      `select u.id, u.email, m.provider_id from user_account u join membership m on m.user_id = u.id
        where $1 = any(m.roles) and (${who}) order by row_number() over (partition by m.provider_id order by u.email), m.provider_id limit $2`,
      [role, limit])).rows;

    /**
     * Signs in the users of each scenario against `apiUrl` (once per person: an authenticator
     * code is good once per 30 s, with the second factor when asked) and runs their `prepare`.
     * `renew()` signs everyone in again and swaps their tokens in place, for runs longer than an
     * access token lives (call it minutes apart, never twice within 30 s).
     */
    const signInUsers = async (apiUrl: string, scenarios: Scenario[], perScenario: number) => {
      const signIn = (email: string) => signInAs(apiUrl, email, password, totpSecret);
      const tokens = new Map<string, string>();
      const users = new Map<Scenario, BenchUser[]>();
      for (const s of scenarios) {
        const list: BenchUser[] = [];
        for (const u of await usersWith(s.as, perScenario, s.who)) {
          if (!tokens.has(u.email)) tokens.set(u.email, await signIn(u.email));
          const user: BenchUser = { email: u.email, userId: u.id, providerId: u.provider_id, token: tokens.get(u.email)!, data: {} };
          if (s.prepare) user.data = await s.prepare(owner, user);
          list.push(user);
        }
        if (!list.length) throw new Error(`${s.name}: no generated user has the role ${s.as}`);
        users.set(s, list);
      }
      const renew = async () => {
        for (const email of tokens.keys()) tokens.set(email, await signIn(email));
        for (const list of users.values()) for (const u of list) u.token = tokens.get(u.email)!;
      };
      return { users, renew };
    };

    return { pgPort, owner, password, generated, reportRefresh, apiEnv, floorEnv, signInUsers, stops, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** Signs a person in as the web app would (password, then the authenticator code when asked); answers the access token. */
export async function signInAs(apiUrl: string, email: string, password: string, totpSecret: string): Promise<string> {
  const post = async (path: string, body: object) => {
    const res = await fetch(`${apiUrl}/api/v1/auth/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`sign-in of ${email}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { accessToken?: string; mfaRequired?: boolean; mfaToken?: string };
  };
  let answer = await post('login', { email, password });
  if (answer.mfaRequired) answer = await post('login/mfa', { mfaToken: answer.mfaToken, code: totp(totpSecret, email).generate() });
  return answer.accessToken!;
}

export function percentile(sorted: number[], q: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN;
}

/** The git commit the figures belong to. */
export function commitSha() {
  try { return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim(); } catch { return 'unknown'; }
}
