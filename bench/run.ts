/**
 * `pnpm bench [--duration 10] [--connections 50] [--pool 10] [--scale 0.25] [--seed 1] [--only name]`, or
 * `pnpm bench --web [--no-build]` for the web app's JavaScript per screen (bench/web-size.ts).
 *
 * Starts its own PostgreSQL 18 (embedded, durable settings), migrates it and fills it with the
 * national-scale generator; starts the API in production mode (NODE_ENV=production, its own
 * secrets, no demo data) and the floor server (bare Fastify + node-postgres, bench/floor-server.ts)
 * against the same database; signs in generated users of several providers; then, for each
 * scenario in bench/scenarios.ts:
 *   1. counts the SQL round trips of one request, through a counting proxy (bench/pg-counter.ts);
 *   2. loads the API, then the floor, with autocannon over loopback (warm-up, then measured).
 * Prints a table (throughput, p50/p95/p99, the floor beside it and the ratio) and writes the
 * figures to bench/results/. Not part of `pnpm test` (docs/performance.md).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { startEmbeddedPg } from '../apps/api/src/dev/embedded-pg.ts';
import { ensureRoleAndDatabase, withDatabase } from '../apps/api/src/dev/bootstrap.ts';
import { migrateDatabase } from '../apps/api/src/db/migrate.ts';
import { APP_ROLE } from '../apps/api/src/migrations/sql.ts';
import { seedNational } from '../apps/api/src/seeders/national/index.ts';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../apps/api/src/db/orm.ts';
import { refreshReports } from '../apps/api/src/modules/reports/refresh.ts';
import { newKey, parseKeyring } from '../apps/api/src/lib/crypto.ts';
import { loadConfig } from '../apps/api/src/config.ts';
import { newTotpSecret, totp } from '../apps/api/src/modules/identity/mfa.ts';
import { startPgCounter } from './pg-counter.ts';
import { SCENARIOS, type BenchUser, type Scenario } from './scenarios.ts';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    scale: { type: 'string', default: '0.25' },
    seed: { type: 'string', default: '1' },
    only: { type: 'string' },
    pool: { type: 'string', default: '10' },
    /** Only the web app's JavaScript per screen (bench/web-size.ts), no database. */
    web: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});
if (args.web) {
  await import('./web-size.ts');
  process.exit(0);
}
const DURATION = Number(args.duration);
const WARMUP = Number(args.warmup);
const CONNECTIONS = Number(args.connections);
const USERS_PER_SCENARIO = 24;
const COUNTED_REQUESTS = 20;
const root = resolve(import.meta.dirname, '..');
const step = (m: string) => console.log(`› ${m}`);
/** `--only a,b`: those scenarios; `--only -a`: all but those. */
const only = args.only?.split(',').map((n) => n.trim());
const scenarios = SCENARIOS.filter((s) => !only || (only.every((n) => n.startsWith('-')) ? !only.includes(`-${s.name}`) : only.includes(s.name)));
if (!scenarios.length) throw new Error(`No scenario named ${args.only}: ${SCENARIOS.map((s) => s.name).join(', ')}`);

const freePort = () => new Promise<number>((resolvePort) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address() as AddressInfo;
    s.close(() => resolvePort(port));
  });
});

/** A server process of this benchmark, ready when `readyPath` answers 200. */
async function startServer(script: string, env: Record<string, string>, readyPath: string) {
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
    if (await fetch(url + readyPath).then((r) => r.ok, () => false)) return { url, stop: () => stopProcess(child) };
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

interface Target { url: string; request(s: Scenario, i: number, u: BenchUser, n: number): { method: 'GET' | 'POST' | 'PATCH'; path: string; headers: Record<string, string>; body?: string } }

/** The API, called as the user would: bearer token, JSON body. */
const apiTarget = (url: string, password: string): Target => ({
  url,
  request: (s, _i, u, n) => {
    const r = s.request(u, { password, n });
    return {
      method: r.method, path: r.path,
      headers: { ...(r.anonymous ? {} : { authorization: `Bearer ${u.token}` }), ...(r.body ? { 'content-type': 'application/json' } : {}) },
      ...(r.body ? { body: JSON.stringify(r.body) } : {}),
    };
  },
});
/** The floor: the scenario's SQL with the same user's parameters. */
const floorTarget = (url: string, password: string): Target => ({
  url,
  request: (s, i, u, n) => ({
    method: 'POST', path: `/floor/${i}`, headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ params: s.floor.params(u, { password, n }), password }),
  }),
});

function percentile(sorted: number[], q: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN;
}

/** Numbers every request of the run, so writes can carry unique values (`RequestContext.n`). */
let sequence = 0;

interface LoadResult { rps: number; p50: number; p95: number; p99: number; requests: number; failures: number }

/** autocannon against one target, users rotating per request; latencies recorded per response. */
function load(target: Target, s: Scenario, i: number, users: BenchUser[], duration: number): Promise<LoadResult> {
  let n = 0;
  const latencies: number[] = [];
  return new Promise((resolveLoad, reject) => {
    const instance = autocannon({
      url: target.url,
      connections: CONNECTIONS,
      duration,
      requests: [{ setupRequest: (req) => ({ ...req, ...target.request(s, i, users[n++ % users.length]!, sequence++) }) }],
    }, (err, r) => {
      if (err) return reject(err);
      latencies.sort((a, b) => a - b);
      resolveLoad({
        rps: r.requests.total / r.duration, requests: r.requests.total,
        p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), p99: percentile(latencies, 0.99),
        failures: r.non2xx + r.errors + r.timeouts,
      });
    });
    instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
}

/** Round trips and statements of one request, averaged over a few sequential ones. */
async function countRoundTrips(counter: Awaited<ReturnType<typeof startPgCounter>>, target: Target, s: Scenario, i: number, users: BenchUser[]) {
  counter.take();
  for (let k = 0; k < COUNTED_REQUESTS; k++) {
    const r = target.request(s, i, users[k % users.length]!, sequence++);
    const res = await fetch(target.url + r.path, { method: r.method, headers: r.headers, body: r.body });
    if (!res.ok) throw new Error(`${s.name}: ${res.status} ${await res.text()}`);
  }
  const { roundTrips, statements } = counter.take();
  // The ORM inlines values into the SQL text: fold them back into placeholders to list shapes.
  const shape = (t: string) => t.replace(/'(?:[^']|'')*'/g, '?').replace(/\b\d+(\.\d+)?\b/g, '?').replace(/\s+/g, ' ').trim();
  const shapes = [...new Set(statements.map(shape))];
  return { roundTrips: roundTrips / COUNTED_REQUESTS, statements: shapes };
}

// ---- the run ---------------------------------------------------------------------------------
const loadAtStart = loadavg();
const work = mkdtempSync(join(tmpdir(), 'pilot-bench-'));
const stops: (() => Promise<unknown>)[] = [async () => rmSync(work, { recursive: true, force: true })];
const cleanup = async () => { for (const s of stops.reverse()) await s().catch(() => {}); };
process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

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
  step(`generating data (scale ${args.scale}, seed ${args.seed})`);
  const password = randomBytes(12).toString('base64url');
  // The roles that must use two-factor sign-in (the product's default policy) are enrolled
  // with one authenticator secret.
  const keys = { DATA_ENCRYPTION_KEYS: `bench:${newKey()}`, BLIND_INDEX_KEY: newKey() };
  const totpSecret = newTotpSecret();
  const mfa = { roles: loadConfig({ DATABASE_URL: ownerUrl }).mfaRequiredRoles, secret: totpSecret };
  const keyring = parseKeyring(keys.DATA_ENCRYPTION_KEYS, keys.BLIND_INDEX_KEY);
  const generated = await seedNational({ url: ownerUrl, scale: Number(args.scale), seed: Number(args.seed), keyring, password, mfa, progress: process.stdout.isTTY ? 'bars' : 'lines' });

  // The ministry's report is precomputed (hourly in production): compute it once, and time it.
  // The report's counts (only when a scenario reads them: the refresh is long at large scales).
  let reportRefresh: Awaited<ReturnType<typeof refreshReports>> | null = null;
  if (scenarios.some((s) => s.readsReport)) {
    step('computing the pilot report (reports:refresh)');
    const reportOrm = await MikroORM.init(ormConfig({ url: appUrl(pgPort), poolMax: 2 }));
    reportRefresh = await refreshReports({ orm: reportOrm, clock: () => new Date(), log: { info: () => {} } }, new Date().getFullYear());
    await reportOrm.close();
    step(`  ${reportRefresh.providers} providers, ${reportRefresh.suppressed} cells suppressed, ${(reportRefresh.ms / 1000).toFixed(1)} s`);
  }

  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  stops.push(() => owner.end());
  const pgVersion = (await owner.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]!.v;
  /** Users with a role, interleaved across providers so consecutive requests hit different tenants. */
  const usersWith = async (role: string, who = 'true') => {
    const { rows } = await owner.query<{ id: string; email: string; provider_id: string | null }>(
      `select u.id, u.email, m.provider_id from user_account u join membership m on m.user_id = u.id
        where $1 = any(m.roles) and (${who}) order by row_number() over (partition by m.provider_id order by u.email), m.provider_id limit $2`,
      [role, USERS_PER_SCENARIO]);
    return rows;
  };

  const jwtSecret = randomBytes(48).toString('base64url');
  const apiEnv = (dbPort: number): Record<string, string> => ({
    NODE_ENV: 'production', DEMO_SEED: 'false', JOBS: 'false', LOG_LEVEL: 'warn',
    DATABASE_URL: appUrl(dbPort), DATABASE_POOL_MAX: args.pool, JWT_SECRET: jwtSecret, ...keys,
    PUBLIC_URL: 'http://127.0.0.1', SMTP_URL: 'smtp://127.0.0.1:9',
    // One load generator on one address: per-address limits would measure the limiter.
    RATE_LIMIT_PER_MINUTE: '1000000000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000000000',
  });
  const floorEnv = (dbPort: number): Record<string, string> => ({ DATABASE_URL: appUrl(dbPort).replace(`${APP_ROLE}:${appPassword}`, `postgres:${new URL(ownerUrl).password}`), DATABASE_POOL_MAX: args.pool });
  const startPair = async (dbPort: number) => {
    const api = await startServer('apps/api/src/server.ts', apiEnv(dbPort), '/api/ready');
    const floor = await startServer('bench/floor-server.ts', floorEnv(dbPort), '/health');
    return { api, floor, stop: async () => { await api.stop(); await floor.stop(); } };
  };

  step('counting SQL round trips per request');
  const counter = await startPgCounter(pgPort);
  stops.push(() => counter.close());
  let pair = await startPair(counter.port);
  /** Signs a user in once (an authenticator code is good once per 30 s), with the second factor when asked. */
  const tokens = new Map<string, string>();
  const signIn = async (email: string) => {
    const post = async (path: string, body: object) => {
      const res = await fetch(`${pair.api.url}/api/v1/auth/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`sign-in of ${email}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { accessToken?: string; mfaRequired?: boolean; mfaToken?: string };
    };
    let answer = await post('login', { email, password });
    if (answer.mfaRequired) answer = await post('login/mfa', { mfaToken: answer.mfaToken, code: totp(totpSecret, email).generate() });
    tokens.set(email, answer.accessToken!);
    return answer.accessToken!;
  };
  const users = new Map<Scenario, BenchUser[]>();
  for (const s of scenarios) {
    const list: BenchUser[] = [];
    for (const u of await usersWith(s.as, s.who)) {
      const user: BenchUser = { email: u.email, userId: u.id, providerId: u.provider_id, token: tokens.get(u.email) ?? (await signIn(u.email)), data: {} };
      if (s.prepare) user.data = await s.prepare(owner, user);
      list.push(user);
    }
    if (!list.length) throw new Error(`${s.name}: no generated user has the role ${s.as}`);
    users.set(s, list);
  }
  const counts = new Map<Scenario, { api: Awaited<ReturnType<typeof countRoundTrips>>; floor: Awaited<ReturnType<typeof countRoundTrips>> }>();
  for (const s of scenarios) {
    const i = SCENARIOS.indexOf(s);
    counts.set(s, {
      api: await countRoundTrips(counter, apiTarget(pair.api.url, password), s, i, users.get(s)!),
      floor: await countRoundTrips(counter, floorTarget(pair.floor.url, password), s, i, users.get(s)!),
    });
  }
  await pair.stop();

  step(`load: ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s per run, API then floor`);
  pair = await startPair(pgPort);
  stops.push(() => pair.stop());
  const results = [];
  for (const s of scenarios) {
    const i = SCENARIOS.indexOf(s);
    const measured: Record<'api' | 'floor', LoadResult> = {} as never;
    for (const [which, target] of [['api', apiTarget(pair.api.url, password)], ['floor', floorTarget(pair.floor.url, password)]] as const) {
      await load(target, s, i, users.get(s)!, WARMUP);
      measured[which] = await load(target, s, i, users.get(s)!, DURATION);
      if (measured[which].failures) throw new Error(`${s.name} (${which}): ${measured[which].failures} failed requests`);
    }
    const c = counts.get(s)!;
    results.push({
      scenario: s.name, as: s.as, users: users.get(s)!.length,
      api: { ...measured.api, roundTrips: c.api.roundTrips, statements: c.api.statements },
      floor: { ...measured.floor, roundTrips: c.floor.roundTrips },
      ratio: measured.api.rps / measured.floor.rps,
    });
    console.log(`  ${s.name}: API ${measured.api.rps.toFixed(0)} req/s (p95 ${measured.api.p95.toFixed(1)} ms), floor ${measured.floor.rps.toFixed(0)} req/s (p95 ${measured.floor.p95.toFixed(1)} ms), ${c.api.roundTrips.toFixed(1)} / ${c.floor.roundTrips.toFixed(1)} round trips`);
  }

  const fmt = (n: number, d = 1) => n.toFixed(d);
  console.log('');
  console.table(Object.fromEntries(results.map((r) => [r.scenario, {
    'API req/s': fmt(r.api.rps, 0), 'p50 ms': fmt(r.api.p50), 'p95 ms': fmt(r.api.p95), 'p99 ms': fmt(r.api.p99),
    'floor req/s': fmt(r.floor.rps, 0), 'floor p50': fmt(r.floor.p50), 'floor p95': fmt(r.floor.p95), 'floor p99': fmt(r.floor.p99),
    'API/floor': fmt(r.ratio, 2), 'SQL trips': `${fmt(r.api.roundTrips)} / ${fmt(r.floor.roundTrips)}`,
  }])));

  const sha = (() => { try { return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim(); } catch { return 'unknown'; } })();
  const when = new Date().toISOString();
  const out = join(root, 'bench/results', `${when.replace(/[:.]/g, '-')}-${sha}.json`);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(out, JSON.stringify({
    when, commit: sha,
    // The load average says how much else ran on the machine: compare runs only at similar loads.
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, postgres: pgVersion, loadAverage: { atStart: loadAtStart, atEnd: loadavg() } },
    options: { durationSeconds: DURATION, warmupSeconds: WARMUP, connections: CONNECTIONS, pool: Number(args.pool), scale: Number(args.scale), seed: Number(args.seed) },
    data: generated,
    reportRefresh: reportRefresh && { providers: reportRefresh.providers, suppressedCells: reportRefresh.suppressed, seconds: reportRefresh.ms / 1000 },
    results,
  }, null, 2));
  console.log(`\n  load average ${loadAtStart.map((l) => l.toFixed(1)).join(' ')} → ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores (other work on the machine skews every figure)`);
  console.log(`  written to ${out}\n`);
} finally {
  await cleanup();
}
